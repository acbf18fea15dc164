//go:build amd64 && !purego

package retrieval

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// dotsInt8AVX2 sets out[k] to the dot product of q's stride digits and row k of codes, for rows
// rows of stride codes; stride is a positive multiple of 32. flat_amd64.s.
//
//go:noescape
func dotsInt8AVX2(q *int16, codes *int8, stride, rows int, out *int32)

// dotsInt8 sets out[k] to d·(row k of codes), rows of stride codes, stride a multiple of 32.
// The sums are exact integers, whatever their order.
func dotsInt8(d []int16, codes []int8, stride int, out []int32) {
	if !haveAVX2 || stride <= 0 || stride%32 != 0 || len(out) == 0 {
		dotsInt8Go(d, codes, stride, out)
		return
	}
	_ = d[stride-1]
	_ = codes[len(out)*stride-1]
	dotsInt8AVX2(&d[0], &codes[0], stride, len(out), &out[0])
}

//go:build !amd64 || purego

package retrieval

// dotsInt8 sets out[k] to d·(row k of codes), rows of stride codes, stride a multiple of 32.
func dotsInt8(d []int16, codes []int8, stride int, out []int32) {
	dotsInt8Go(d, codes, stride, out)
}

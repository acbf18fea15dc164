package retrieval

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
)

// flatVectors holds the passages' vectors in passage order in one row-major matrix. The
// chromem-go collection stores the very same rows (its documents' embeddings are slices of this
// matrix), so keeping it costs no memory, and a query scans contiguous memory on all cores
// instead of chromem-go's per-query walk of its document map through a channel, its locked heap
// and its result copies. Similarities are bit-identical to chromem-go's: each row's dot product
// is summed in the same order in float32; the rows are only interleaved, four at a time, so the
// processor works on four independent sums.
//
// With columns, it also keeps the matrix transposed, one column after the other. A sparse query
// (the local embedder's: a few stems hashed into a few dozen of its 384 dimensions) then reads
// only its own columns, a tenth of the matrix, where rows would bring nearly all of it through
// the memory bus. Each passage's sum still adds the same products in the same order.
type flatVectors struct {
	dim  int
	rows int
	data []float32
	cols []float32 // dim×rows, or nil
	accs sync.Pool // *[]float32 of rows entries, zeroed, for column scans
}

func newFlatVectors(n, dim int, columns bool) *flatVectors {
	f := &flatVectors{dim: dim, rows: n, data: make([]float32, n*dim)}
	if columns {
		f.cols = make([]float32, n*dim)
	}
	return f
}

// row returns row i, capped so that appending to it cannot spill into the next.
func (f *flatVectors) row(i int) []float32 {
	return f.data[i*f.dim : (i+1)*f.dim : (i+1)*f.dim]
}

func (f *flatVectors) len() int { return f.rows }

// set stores a vector as chromem-go would store it (normalised unless it already is, by its own
// rule) in row i and returns the row.
func (f *flatVectors) set(i int, v []float32) []float32 {
	if !chromemIsNormalized(v) {
		v = chromemNormalize(v)
	}
	r := f.row(i)
	copy(r, v)
	if f.cols != nil {
		for j, x := range r {
			f.cols[j*f.rows+i] = x
		}
	}
	return r
}

// scored is one row's similarity to a query.
type scored struct {
	sim float32
	i   int
}

// flatParallelMin is the number of rows below which one goroutine scans them all.
const flatParallelMin = 4096

// top returns the indices of the n rows most similar to q, best first; equal similarities go by
// row order. q is normalised first, as chromem-go does, when it is not unit length.
func (f *flatVectors) top(ctx context.Context, q []float32, n int) ([]int, error) {
	rows := f.len()
	n = min(n, rows)
	if n <= 0 || len(q) != f.dim {
		return nil, nil
	}
	if !chromemIsNormalized(q) {
		q = chromemNormalize(q)
	}
	// Terms where the query is zero add exactly nothing to a sum that never is -0 (it starts
	// at +0, and +0 + -0 is +0), so a sparse query skips them with the same result.
	var nz []int32
	var nzq []float32
	for i, x := range q {
		if x != 0 {
			nz = append(nz, int32(i))
			nzq = append(nzq, x)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if rows < flatParallelMin {
		workers = 1
	}
	sparse := len(nz)*2 < len(q)
	var acc []float32
	if sparse && f.cols != nil {
		if p, ok := f.accs.Get().(*[]float32); ok {
			acc = *p
		} else {
			acc = make([]float32, rows)
		}
		defer func() {
			clear(acc)
			f.accs.Put(&acc)
		}()
	}
	chunk := (rows + workers - 1) / workers
	parts := make([][]scored, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, rows)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch {
			case acc != nil:
				parts[w] = f.scanColumns(ctx, nz, nzq, acc, lo, hi, n)
			case sparse:
				parts[w] = f.scanSparse(ctx, nz, nzq, lo, hi, n)
			default:
				parts[w] = f.scanDense(ctx, q, lo, hi, n)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all := slices.Concat(parts...)
	slices.SortFunc(all, func(a, b scored) int {
		switch {
		case a.sim > b.sim:
			return -1
		case a.sim < b.sim:
			return 1
		}
		return a.i - b.i
	})
	out := make([]int, 0, n)
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.i)
	}
	return out, nil
}

// flatCheckEvery is how many rows a scan goes between looks at its context.
const flatCheckEvery = 1 << 14

// topList keeps the n best rows seen so far, best first; rows come in increasing order, so a
// row that only ties the worst kept one never displaces it.
type topList struct {
	n    int
	best []scored
}

func (t *topList) add(sim float32, i int) {
	if len(t.best) == t.n && sim <= t.best[t.n-1].sim {
		return
	}
	pos, _ := slices.BinarySearchFunc(t.best, sim, func(s scored, sim float32) int {
		if s.sim >= sim {
			return -1
		}
		return 1
	})
	if len(t.best) < t.n {
		t.best = append(t.best, scored{})
	}
	copy(t.best[pos+1:], t.best[pos:len(t.best)-1])
	t.best[pos] = scored{sim, i}
}

func (f *flatVectors) scanDense(ctx context.Context, q []float32, lo, hi, n int) []scored {
	t := topList{n: n, best: make([]scored, 0, n)}
	dim := f.dim
	r := lo
	for ; r+4 <= hi; r += 4 {
		if (r-lo)%flatCheckEvery == 0 && ctx.Err() != nil {
			return nil
		}
		a := f.data[r*dim : (r+1)*dim]
		b := f.data[(r+1)*dim : (r+2)*dim]
		c := f.data[(r+2)*dim : (r+3)*dim]
		d := f.data[(r+3)*dim : (r+4)*dim]
		a, b, c, d = a[:len(q)], b[:len(q)], c[:len(q)], d[:len(q)]
		var s0, s1, s2, s3 float32
		for i, x := range q {
			s0 += x * a[i]
			s1 += x * b[i]
			s2 += x * c[i]
			s3 += x * d[i]
		}
		t.add(s0, r)
		t.add(s1, r+1)
		t.add(s2, r+2)
		t.add(s3, r+3)
	}
	for ; r < hi; r++ {
		a := f.data[r*dim : (r+1)*dim]
		a = a[:len(q)]
		var s float32
		for i, x := range q {
			s += x * a[i]
		}
		t.add(s, r)
	}
	return t.best
}

// scanColumns sums the products of a sparse query's columns into acc[lo:hi], zero on entry.
func (f *flatVectors) scanColumns(ctx context.Context, nz []int32, qv []float32, acc []float32, lo, hi, n int) []scored {
	sums := acc[lo:hi]
	for k, j := range nz {
		if ctx.Err() != nil {
			return nil
		}
		x := qv[k]
		col := f.cols[int(j)*f.rows+lo : int(j)*f.rows+hi]
		col = col[:len(sums)]
		for d, c := range col {
			sums[d] += x * c
		}
	}
	t := topList{n: n, best: make([]scored, 0, n)}
	for d, s := range sums {
		t.add(s, lo+d)
	}
	return t.best
}

func (f *flatVectors) scanSparse(ctx context.Context, nz []int32, qv []float32, lo, hi, n int) []scored {
	t := topList{n: n, best: make([]scored, 0, n)}
	dim := f.dim
	r := lo
	for ; r+4 <= hi; r += 4 {
		if (r-lo)%flatCheckEvery == 0 && ctx.Err() != nil {
			return nil
		}
		a := f.data[r*dim : (r+1)*dim]
		b := f.data[(r+1)*dim : (r+2)*dim]
		c := f.data[(r+2)*dim : (r+3)*dim]
		d := f.data[(r+3)*dim : (r+4)*dim]
		var s0, s1, s2, s3 float32
		for k, i := range nz {
			x := qv[k]
			s0 += x * a[i]
			s1 += x * b[i]
			s2 += x * c[i]
			s3 += x * d[i]
		}
		t.add(s0, r)
		t.add(s1, r+1)
		t.add(s2, r+2)
		t.add(s3, r+3)
	}
	for ; r < hi; r++ {
		a := f.data[r*dim : (r+1)*dim]
		var s float32
		for k, i := range nz {
			s += qv[k] * a[i]
		}
		t.add(s, r)
	}
	return t.best
}

// chromemIsNormalized and chromemNormalize are chromem-go's own rules (vector.go, v0.7.0), so
// the matrix holds what the collection holds and queries are normalised as it would.
func chromemIsNormalized(v []float32) bool {
	var sqSum float64
	for _, val := range v {
		sqSum += float64(val) * float64(val)
	}
	return math.Abs(math.Sqrt(sqSum)-1) < 1e-6
}

func chromemNormalize(v []float32) []float32 {
	var norm float32
	for _, val := range v {
		norm += val * val
	}
	norm = float32(math.Sqrt(float64(norm)))
	res := make([]float32, len(v))
	for i, val := range v {
		res[i] = val / norm
	}
	return res
}

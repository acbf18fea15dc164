package retrieval

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	chromem "github.com/philippgille/chromem-go"
)

// flatVectors holds the passages' vectors in passage order in one row-major matrix. The
// chromem-go collection stores the very same rows (its documents' embeddings are slices of this
// matrix), so keeping it costs no memory, and a query scans contiguous memory on all cores
// instead of chromem-go's per-query walk of its document map through a channel, its locked heap
// and its result copies. Similarities are bit-identical to chromem-go's: each row's dot product
// is summed in the same order in float32.
//
// It also keeps an 8-bit copy of the matrix (see quantized), a quarter of its memory: a query
// scans that first, with bounds on each row's error, and computes the exact float32 similarity
// only of the rows that could still be among the best. (An earlier version kept, for the local
// embedder's sparse queries, a transposed float32 copy instead: as fast, and 115 MB more at
// 100,000 passages.)
type flatVectors struct {
	dim  int
	rows int
	data []float32 // rows×dim, or nil when the rows live in the collection only (see fetch)
	q    *quantized
	// fetch returns row i when data is nil: the vector the collection stores.
	fetch func(ctx context.Context, i int) ([]float32, error)
}

// newFlatVectors makes the matrix of n rows of dim dimensions, with its quantised copy.
func newFlatVectors(n, dim int) *flatVectors {
	return &flatVectors{dim: dim, rows: n, data: make([]float32, n*dim), q: newQuantized(n, dim)}
}

// newFetchedVectors makes a quantised-only matrix of n rows whose float32 rows stay where they
// are (a persistent collection) and are read with fetch when a query re-scores them; fill each
// row with quantize.
func newFetchedVectors(n, dim int, fetch func(ctx context.Context, i int) ([]float32, error)) *flatVectors {
	return &flatVectors{dim: dim, rows: n, q: newQuantized(n, dim), fetch: fetch}
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
	f.finish(i)
	return r
}

// finish brings row i, written in place, to what set would have stored: normalised by
// chromem-go's rule, and quantised.
func (f *flatVectors) finish(i int) {
	r := f.row(i)
	if !chromemIsNormalized(r) {
		copy(r, chromemNormalize(r))
	}
	if f.q != nil {
		f.q.set(i, r)
	}
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
	if f.q != nil {
		return f.topQuantized(ctx, q, n)
	}
	// The exact scan of every row: the reference the quantised scan is tested against.
	workers := runtime.GOMAXPROCS(0)
	if rows < flatParallelMin {
		workers = 1
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
			parts[w] = f.scanDense(ctx, q, lo, hi, n)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all := slices.Concat(parts...)
	return topScored(all, n), nil
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

// quantized is an 8-bit copy of a matrix, one scale per row, with what it takes to bound the
// error of a similarity computed from it. Row i is scale[i]·c + e, c an integer vector in
// [-127, 127], and for a query q, itself quantised as qs·d + g, the float32 similarity the exact
// scan computes differs from scale[i]·qs·(d·c) by at most
//
//	|g|·|scale[i]·c| + |q|·|e| + γ·|q|·|row i|
//
// (Cauchy–Schwarz on the two rounding errors, and the classic bound γ = d·u/(1−d·u), u = 2⁻²⁴,
// on a sequential float32 dot product of d terms). d·c is an exact integer. A row whose upper
// bound is below the n-th best lower bound cannot be among the n best, ties included, so
// re-scoring every other row exactly gives the exact scan's result.
//
// The codes take a quarter of the float32 matrix's memory, and integer products can be summed
// in any order: on amd64 with AVX2, 16 at a time (see dotsInt8).
type quantized struct {
	dim    int
	stride int    // dim rounded up to a multiple of 32; the codes beyond dim are 0
	codes  []int8 // rows×stride
	scale  []float64
	// per row: |e| and |scale·c| rounded up, |row|; +Inf where a row holds no finite number
	errN, codeN, norm []float64
	qmax              int64 // a quantised query's largest digit: d·c cannot overflow int32
}

// quantSlack is added to every bound, far above the float64 rounding in computing it.
const quantSlack = 1e-9

func newQuantized(n, dim int) *quantized {
	stride := (dim + 31) / 32 * 32
	qmax := min(32767, int64(math.MaxInt32)/(127*int64(max(stride, 1))))
	return &quantized{dim: dim, stride: stride, codes: make([]int8, n*stride),
		scale: make([]float64, n), errN: make([]float64, n), codeN: make([]float64, n),
		norm: make([]float64, n), qmax: qmax}
}

// set quantises row i.
func (z *quantized) set(i int, r []float32) {
	codes := z.codes[i*z.stride : i*z.stride+z.dim]
	var m float64
	for _, x := range r {
		m = math.Max(m, math.Abs(float64(x)))
	}
	finite := !math.IsNaN(m) && !math.IsInf(m, 0)
	var s float64
	if m > 0 && finite {
		s = m / 127
	}
	var e2, c2, x2 float64
	for j, x := range r {
		var c float64
		if s > 0 {
			c = max(-127, min(127, math.Round(float64(x)/s)))
		}
		codes[j] = int8(c)
		e := float64(x) - s*c
		e2 += e * e
		c2 += (s * c) * (s * c)
		x2 += float64(x) * float64(x)
	}
	up := func(v float64) float64 { return math.Sqrt(v)*(1+1e-12) + quantSlack }
	z.scale[i], z.errN[i], z.codeN[i], z.norm[i] = s, up(e2), up(c2), up(x2)
	if !finite {
		z.errN[i], z.codeN[i], z.norm[i] = math.Inf(1), math.Inf(1), math.Inf(1)
	}
}

// flatFromCollection makes the quantised matrix of the vectors a collection (a persistent
// store) holds for the passages, in passage order, and re-scores rows with the vectors read back
// from the collection, so the index keeps no second float32 copy. aliases maps stored IDs to
// passage IDs where they differ. It returns nil, leaving searches to chromem-go, when a passage
// has no vector or the vectors differ in length.
func flatFromCollection(ctx context.Context, coll *chromem.Collection, passages []Passage, aliases map[string]string) *flatVectors {
	if len(passages) == 0 || coll == nil {
		return nil
	}
	keys := make([]string, len(passages))
	for i, p := range passages {
		keys[i] = p.ID
	}
	if len(aliases) > 0 {
		key := make(map[string]string, len(aliases))
		for k, id := range aliases {
			key[id] = k
		}
		for i, p := range passages {
			if k, ok := key[p.ID]; ok {
				keys[i] = k
			}
		}
	}
	fetch := func(ctx context.Context, i int) ([]float32, error) {
		doc, err := coll.GetByID(ctx, keys[i])
		return doc.Embedding, err
	}
	first, err := fetch(ctx, 0)
	if err != nil || len(first) == 0 {
		return nil
	}
	f := newFetchedVectors(len(passages), len(first), fetch)
	var failed atomic.Bool
	parallel(len(passages), func(i int) {
		if failed.Load() {
			return
		}
		v, err := fetch(ctx, i)
		if err != nil || len(v) != f.dim || ctx.Err() != nil {
			failed.Store(true)
			return
		}
		f.q.set(i, v)
	})
	if failed.Load() {
		return nil
	}
	return f
}

// candidate is a row that may be among the best, with its bound on the exact similarity.
type candidate struct {
	i     int
	upper float64
}

// topQuantized is top through the quantised matrix: bounds from it, then the exact similarity
// of every row whose upper bound reaches the n-th best lower bound.
func (f *flatVectors) topQuantized(ctx context.Context, q []float32, n int) ([]int, error) {
	z := f.q
	var qm, qn2 float64
	for _, x := range q {
		qm = math.Max(qm, math.Abs(float64(x)))
		qn2 += float64(x) * float64(x)
	}
	qs := qm / float64(z.qmax)
	d := make([]int16, z.stride)
	var g2 float64
	for j, x := range q {
		var c float64
		if qs > 0 {
			c = max(-float64(z.qmax), min(float64(z.qmax), math.Round(float64(x)/qs)))
		}
		d[j] = int16(c)
		g := float64(x) - qs*c
		g2 += g * g
	}
	if math.IsNaN(qm) || math.IsInf(qm, 0) {
		return f.topExact(ctx, q, n, nil)
	}
	b := quantBounds{
		qs:    qs,
		qn:    math.Sqrt(qn2)*(1+1e-12) + quantSlack,
		gn:    math.Sqrt(g2)*(1+1e-12) + quantSlack,
		gamma: float64(f.dim) * 0x1p-24 / (1 - float64(f.dim)*0x1p-24),
	}
	workers := runtime.GOMAXPROCS(0)
	if f.rows < flatParallelMin {
		workers = 1
	}
	chunk := (f.rows + workers - 1) / workers
	type part struct {
		lows  []float64 // the n best lower bounds, best first
		cands []candidate
	}
	parts := make([]part, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, f.rows)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w].lows, parts[w].cands = z.scan(ctx, d, b, lo, hi, n)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var lows []float64
	var cands []candidate
	for _, p := range parts {
		lows = append(lows, p.lows...)
		cands = append(cands, p.cands...)
	}
	slices.SortFunc(lows, func(a, b float64) int { return cmpDesc(a, b) })
	tau := math.Inf(-1)
	if len(lows) >= n {
		tau = lows[n-1]
	}
	keep := make([]int, 0, len(cands))
	for _, c := range cands {
		if c.upper >= tau {
			keep = append(keep, c.i)
		}
	}
	return f.topExact(ctx, q, n, keep)
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// quantBounds is what bounding a query's similarities takes: its scale, its norm, the norm of
// its quantisation error, and γ.
type quantBounds struct {
	qs, qn, gn, gamma float64
}

// quantBatch is how many rows a scan computes the integer products of at once.
const quantBatch = 256

// scan computes the bounds of rows lo..hi for a query of digits d and returns the n best lower
// bounds, best first, and the rows whose upper bound reached the n-th best lower bound seen
// before them.
func (z *quantized) scan(ctx context.Context, d []int16, b quantBounds, lo, hi, n int) ([]float64, []candidate) {
	lows := make([]float64, 0, n+1)
	tau := math.Inf(-1)
	var cands []candidate
	var dots [quantBatch]int32
	for r := lo; r < hi; r += quantBatch {
		if ctx.Err() != nil {
			return nil, nil
		}
		m := min(quantBatch, hi-r)
		dotsInt8(d, z.codes[r*z.stride:(r+m)*z.stride], z.stride, dots[:m])
		for k, dot := range dots[:m] {
			i := r + k
			a := z.scale[i] * b.qs * float64(dot)
			e := (b.gn*z.codeN[i] + b.qn*z.errN[i] + b.gamma*b.qn*z.norm[i]) * (1 + 1e-9)
			e += quantSlack
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			lo, up := a-e, a+e
			if up < tau {
				continue
			}
			cands = append(cands, candidate{i, up})
			if len(lows) == n && lo <= tau {
				continue
			}
			pos, _ := slices.BinarySearchFunc(lows, lo, func(x, lo float64) int { return cmpDesc(x, lo) })
			lows = slices.Insert(lows, pos, lo)
			if len(lows) > n {
				lows = lows[:n]
			}
			if len(lows) == n {
				tau = lows[n-1]
			}
		}
	}
	return lows, cands
}

// dotsInt8Go is dotsInt8 in Go: out[k] = d·(row k of codes), rows of stride codes.
func dotsInt8Go(d []int16, codes []int8, stride int, out []int32) {
	d = d[:stride]
	for k := range out {
		row := codes[k*stride : (k+1)*stride]
		row = row[:len(d)]
		var s0, s1 int32
		for j := 0; j+1 < len(d); j += 2 {
			s0 += int32(d[j]) * int32(row[j])
			s1 += int32(d[j+1]) * int32(row[j+1])
		}
		out[k] = s0 + s1
	}
}

// topExact returns the n rows of rows (all rows when nil) most similar to q, best first, ties by
// row order, from their exact float32 similarities.
func (f *flatVectors) topExact(ctx context.Context, q []float32, n int, rows []int) ([]int, error) {
	if rows == nil {
		rows = make([]int, f.rows)
		for i := range rows {
			rows[i] = i
		}
	}
	all := make([]scored, 0, len(rows))
	for k, i := range rows {
		if k%flatCheckEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var r []float32
		if f.data != nil {
			r = f.row(i)
		} else {
			var err error
			if r, err = f.fetch(ctx, i); err != nil {
				return nil, err
			}
		}
		if len(r) != len(q) {
			return nil, fmt.Errorf("vector of row %d has %d dimensions, want %d", i, len(r), len(q))
		}
		all = append(all, scored{dot32(q, r), i})
	}
	return topScored(all, n), nil
}

// dot32 is the similarity as chromem-go and the scans compute it: one sequential float32 sum.
func dot32(q, r []float32) float32 {
	r = r[:len(q)]
	var s float32
	for i, x := range q {
		s += x * r[i]
	}
	return s
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

// topScored returns the rows of the n highest similarities, best first; equal similarities in
// row order, so rankings do not depend on scheduling.
func topScored(all []scored, n int) []int {
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
	return out
}

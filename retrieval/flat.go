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
	// deferred: rows are quantised by fit, once all are written, not one by one as they come.
	deferred bool
	// fetch returns row i when data is nil: the vector the collection stores.
	fetch func(ctx context.Context, i int) ([]float32, error)
}

// newFlatVectors makes the matrix of n rows of dim dimensions, with its quantised copy.
func newFlatVectors(n, dim int) *flatVectors {
	return &flatVectors{dim: dim, rows: n, data: make([]float32, n*dim), q: newQuantized(n, dim)}
}

// newDeferredFlatVectors is newFlatVectors for a matrix filled in full before its first query:
// rows are quantised together by fit, centred on their mean and scaled per dimension.
func newDeferredFlatVectors(n, dim int) *flatVectors {
	f := newFlatVectors(n, dim)
	f.deferred = true
	return f
}

// fit centres and scales the quantised copy on all the rows now in the matrix (see
// quantized.fit) and quantises them again; queries are exact whatever the rows, fit only makes
// the pre-scan prune better.
func (f *flatVectors) fit() {
	if f.q == nil || f.data == nil {
		return
	}
	f.q.fit(f.rows, f.row)
	if f.q.mean == nil { // fewer than two finite rows: quantised as they are
		parallel(f.rows, func(i int) { f.q.set(i, f.row(i)) })
	}
	f.deferred = false
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
	if f.q != nil && !f.deferred {
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
	if f.q != nil && !f.deferred {
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
// error of a similarity computed from it. The rows are first centred on a vector m and scaled
// per dimension by u (fit chooses them; m = 0 and u = 1 until then): row i is
// m + u∘(scale[i]·c + e), c an integer vector in [-127, 127]. For a query q the similarity is
// q·m, the same for every row, plus (q∘u)·(scale[i]·c + e); with q∘u quantised as qs·d + g, the
// float32 similarity the exact scan computes differs from q·m + scale[i]·qs·(d·c) by at most
//
//	|g|·|scale[i]·c| + |q∘u|·|e| + γ·|q|·|row i| (+ the float64 rounding of q·m)
//
// (Cauchy–Schwarz on the two rounding errors, and the classic bound γ = d·u/(1−d·u), u = 2⁻²⁴,
// on a sequential float32 dot product of d terms). d·c is an exact integer. A row whose upper
// bound is below the n-th best lower bound cannot be among the n best, ties included, so
// re-scoring every other row exactly gives the exact scan's result.
//
// Centring and scaling matter for real embedding models, whose vectors share a mean direction
// and have a few dominant dimensions: uncentred, every row's scale is set by what all rows share
// and the codes keep little of what tells them apart, so the bounds overlap and nearly every
// row is re-scored. The bounds hold for any m and u; fit only makes them tight.
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
	// mean and unit centre and scale the rows per dimension before quantising; nil: 0 and 1.
	mean, unit []float64
	// sideDims are the few dimensions that vary far more than the rest ("rogue" dimensions);
	// their values are kept as they are, side[i·len(sideDims)+k], and enter every row's
	// similarity exactly, not through the codes (whose entries there are 0).
	sideDims []int
	side     []float32
	isSide   []bool
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
	var m, x2 float64
	// y is the row centred and scaled, computed twice (the same arithmetic gives the same
	// values) rather than kept: a buffer a row was 3 KB of garbage per passage.
	y := func(j int) float64 {
		v := float64(r[j])
		if z.mean != nil {
			v = (v - z.mean[j]) / z.unit[j]
		}
		if z.isSide != nil && z.isSide[j] {
			v = 0
		}
		return v
	}
	for j, x := range r {
		x2 += float64(x) * float64(x)
		m = math.Max(m, math.Abs(y(j)))
	}
	if k := len(z.sideDims); k > 0 {
		row := z.side[i*k : (i+1)*k]
		for t, j := range z.sideDims {
			row[t] = r[j]
		}
	}
	finite := !math.IsNaN(m) && !math.IsInf(m, 0)
	var s float64
	if m > 0 && finite {
		s = m / 127
	}
	var e2, c2 float64
	for j := range r {
		v := y(j)
		var c float64
		if s > 0 {
			c = max(-127, min(127, math.Round(v/s)))
		}
		codes[j] = int8(c)
		e := v - s*c
		e2 += e * e
		c2 += (s * c) * (s * c)
	}
	up := func(v float64) float64 { return math.Sqrt(v)*(1+1e-12) + quantSlack }
	z.scale[i], z.errN[i], z.codeN[i], z.norm[i] = s, up(e2), up(c2), up(x2)
	if !finite || math.IsNaN(x2) || math.IsInf(x2, 0) {
		z.errN[i], z.codeN[i], z.norm[i] = math.Inf(1), math.Inf(1), math.Inf(1)
	}
}

// fitSideSpread and fitSideMax choose the side dimensions: those whose spread is at least
// fitSideSpread times the median dimension's, fitSideMax of them at most, widest first.
const (
	fitSideSpread = 3
	fitSideMax    = 32
)

// fitUnitFloor is the smallest per-dimension scale fit uses, as a fraction of the root mean
// square of all dimensions' spreads: a dimension that hardly varies is not blown up.
const fitUnitFloor = 0.05

// fit chooses the centre and the per-dimension scales from rows 0..n-1 (their mean and
// standard deviation per dimension, over the rows that are finite) and quantises every row
// again with them.
func (z *quantized) fit(n int, row func(i int) []float32) {
	if n == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, n/1024))
	chunk := (n + workers - 1) / workers
	type acc struct {
		sum, sq []float64
		count   int
	}
	parts := make([]acc, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := acc{sum: make([]float64, z.dim), sq: make([]float64, z.dim)}
		rows:
			for i := lo; i < hi; i++ {
				r := row(i)
				for _, x := range r {
					if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
						continue rows
					}
				}
				for j, x := range r {
					a.sum[j] += float64(x)
					a.sq[j] += float64(x) * float64(x)
				}
				a.count++
			}
			parts[w] = a
		}()
	}
	wg.Wait()
	sum, sq := make([]float64, z.dim), make([]float64, z.dim)
	count := 0
	for _, a := range parts {
		if a.sum == nil {
			continue
		}
		for j := range sum {
			sum[j] += a.sum[j]
			sq[j] += a.sq[j]
		}
		count += a.count
	}
	if count < 2 {
		return
	}
	mean, unit := make([]float64, z.dim), make([]float64, z.dim)
	var ms float64
	for j := range mean {
		mean[j] = sum[j] / float64(count)
		unit[j] = math.Sqrt(max(0, sq[j]/float64(count)-mean[j]*mean[j]))
		ms += unit[j] * unit[j]
	}
	floor := fitUnitFloor * math.Sqrt(ms/float64(z.dim))
	if !(floor > 0) {
		floor = 1
	}
	for j := range unit {
		unit[j] = max(unit[j], floor)
	}
	order := make([]int, z.dim)
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(unit[a], unit[b]) })
	median := unit[order[z.dim/2]]
	var sideDims []int
	for _, j := range order[:min(fitSideMax, z.dim/4)] {
		if unit[j] >= fitSideSpread*median {
			sideDims = append(sideDims, j)
		}
	}
	slices.Sort(sideDims)
	z.mean, z.unit = mean, unit
	z.sideDims, z.side, z.isSide = nil, nil, nil
	if len(sideDims) > 0 {
		z.sideDims = sideDims
		z.side = make([]float32, n*len(sideDims))
		z.isSide = make([]bool, z.dim)
		for _, j := range sideDims {
			z.isSide[j] = true
		}
	}
	parallel(n, func(i int) { z.set(i, row(i)) })
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
	rows := make([][]float32, len(passages))
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
		rows[i] = v
	})
	if failed.Load() {
		return nil
	}
	f.q.fit(len(rows), func(i int) []float32 { return rows[i] })
	if f.q.mean == nil { // fewer than two finite rows: quantised as they are
		parallel(len(rows), func(i int) { f.q.set(i, rows[i]) })
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
	// The query against the centred, scaled rows: q∘u, and q·m added to every row's similarity.
	var qm, qn2, un2, qmean float64
	qu := make([]float64, len(q))
	for j, x := range q {
		v := float64(x)
		qn2 += v * v
		if z.isSide != nil && z.isSide[j] {
			continue // exact, from the side values
		}
		if z.mean != nil {
			qmean += v * z.mean[j]
			v *= z.unit[j]
		}
		qu[j] = v
		un2 += v * v
		qm = math.Max(qm, math.Abs(v))
	}
	qs := qm / float64(z.qmax)
	d := make([]int16, z.stride)
	var g2 float64
	for j, v := range qu {
		var c float64
		if qs > 0 {
			c = max(-float64(z.qmax), min(float64(z.qmax), math.Round(v/qs)))
		}
		d[j] = int16(c)
		g := v - qs*c
		g2 += g * g
	}
	if math.IsNaN(qm) || math.IsInf(qm, 0) || math.IsNaN(qmean) || math.IsInf(qmean, 0) {
		return f.topExact(ctx, q, n, nil)
	}
	b := quantBounds{
		qs:    qs,
		qn:    math.Sqrt(qn2)*(1+1e-12) + quantSlack,
		un:    math.Sqrt(un2)*(1+1e-12) + quantSlack,
		gn:    math.Sqrt(g2)*(1+1e-12) + quantSlack,
		gamma: float64(f.dim) * 0x1p-24 / (1 - float64(f.dim)*0x1p-24),
		base:  qmean,
		baseE: math.Abs(qmean)*1e-12 + quantSlack,
	}
	for _, j := range z.sideDims {
		b.sideQ = append(b.sideQ, float64(q[j]))
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
// q∘u and of its quantisation error, γ, and q·m with a bound on its rounding.
type quantBounds struct {
	qs, qn, un, gn, gamma float64
	base, baseE           float64
	sideQ                 []float64 // the query's values on the side dimensions
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
			a := b.base + z.scale[i]*b.qs*float64(dot)
			e := (b.gn*z.codeN[i] + b.un*z.errN[i] + b.gamma*b.qn*z.norm[i] + b.baseE) * (1 + 1e-9)
			if ns := len(b.sideQ); ns > 0 {
				// Products of float32 values are exact in float64; the sum of ns of them is off
				// by far less than the slack.
				var side float64
				for t, x := range z.side[i*ns : (i+1)*ns] {
					side += b.sideQ[t] * float64(x)
				}
				a += side
				e += math.Abs(side) * 1e-12
			}
			if math.IsNaN(a) || math.IsInf(a, 0) {
				a, e = 0, math.Inf(1)
			}
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
// row order, from their exact float32 similarities; many rows are scored on all cores.
func (f *flatVectors) topExact(ctx context.Context, q []float32, n int, rows []int) ([]int, error) {
	if rows == nil {
		rows = make([]int, f.rows)
		for i := range rows {
			rows[i] = i
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if len(rows) < flatParallelMin {
		workers = 1
	}
	chunk := (len(rows) + workers - 1) / workers
	parts := make([][]scored, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(rows))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w], errs[w] = f.scoreRows(ctx, q, n, rows[lo:hi])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return topScored(slices.Concat(parts...), n), nil
}

// scoreRows keeps the n rows of rows most similar to q, in row order of rows for equal scores.
func (f *flatVectors) scoreRows(ctx context.Context, q []float32, n int, rows []int) ([]scored, error) {
	t := topList{n: n, best: make([]scored, 0, n)}
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
		t.add(dot32(q, r), i)
	}
	return t.best, nil
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

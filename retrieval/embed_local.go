package retrieval

import (
	"context"
	"fmt"
	"hash/fnv"
)

// LocalEmbedder makes deterministic hashing vectors from a text's stems and their character
// n-grams: no model, no network. Stems carry most of the weight; n-grams let variants and typos
// ("Oktobe", "thaun") land near their words.
type LocalEmbedder struct {
	Dim  int
	Lang Lang // the language the text is analysed in
}

// DefaultLocalDim is the local embedder's default dimension.
const DefaultLocalDim = 384

// NewLocalEmbedder returns a local embedder of the default dimension for a language.
func NewLocalEmbedder(lang Lang) *LocalEmbedder {
	return &LocalEmbedder{Dim: DefaultLocalDim, Lang: lang}
}

// Name identifies the embedder and its settings.
func (e *LocalEmbedder) Name() string { return fmt.Sprintf("local-v1-%s-%d", e.Lang, e.Dim) }

// Embed returns one unit-length vector per text. Texts with no content words get a zero vector
// made unit length on a fixed axis, so cosine similarity stays defined.
func (e *LocalEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = e.Vector(Stems(t, e.Lang))
	}
	return out, nil
}

// Weights of the two kinds of feature.
const (
	stemWeight  = 1.0
	ngramWeight = 0.35
)

// Vector embeds already analysed stems.
func (e *LocalEmbedder) Vector(stems []string) []float32 {
	return e.WeightedVector(stems, nil)
}

// WeightedVector embeds stems, each scaled by its weight (nil weights: all 1). Queries weight
// their stems by rarity, so "Bush" outweighs "Korea" as it does in BM25.
func (e *LocalEmbedder) WeightedVector(stems []string, weights []float32) []float32 {
	return e.weightedInto(make([]float32, e.Dim), stems, weights)
}

// weightedInto is WeightedVector writing into v, of e.Dim zeros: the index writes passages'
// vectors straight into its matrix.
func (e *LocalEmbedder) weightedInto(v []float32, stems []string, weights []float32) []float32 {
	if len(stems) == 0 {
		v[0] = 1
		return v
	}
	var buf [64]byte
	for i, s := range stems {
		w := float32(1)
		if weights != nil {
			w = weights[i]
		}
		e.add(v, s, "w:", stemWeight*w)
		padded := append(append(append(buf[:0], '<'), s...), '>')
		if len(padded) <= 5 {
			continue
		}
		for j := 0; j+3 <= len(padded); j++ {
			e.add(v, string(padded[j:j+3]), "g:", ngramWeight*w)
		}
	}
	return Normalize(v)
}

// add hashes a feature to a signed bucket, which keeps collisions from biasing similarity.
func (e *LocalEmbedder) add(v []float32, feature, prefix string, w float32) {
	h := fnv.New64a()
	h.Write([]byte(prefix))
	h.Write([]byte(feature))
	x := h.Sum64()
	idx := int(x % uint64(e.Dim))
	if x>>63 == 1 {
		w = -w
	}
	v[idx] += w
}

package retrieval

import (
	"context"
	"fmt"
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
	var buf [64]localFeature
	for i, s := range stems {
		w := float32(1)
		if weights != nil {
			w = weights[i]
		}
		e.addFeatures(v, e.appendFeatures(buf[:0], s), w)
	}
	return Normalize(v)
}

// localFeature is one hashed feature of a stem: its bucket (from bit 2 on), whether it is one of
// the stem's character trigrams (bit 1; else the stem itself) and whether it counts negatively
// (bit 0). The index hashes each distinct stem once and reuses its features for every passage.
type localFeature uint32

// appendFeatures appends the features of a stem: the stem itself, then the trigrams of
// "<stem>" when it has more than three letters. Signed buckets keep collisions from biasing
// similarity.
func (e *LocalEmbedder) appendFeatures(out []localFeature, s string) []localFeature {
	var buf [64]byte
	padded := append(append(append(buf[:0], '<'), s...), '>')
	out = append(out, e.feature("w:", padded[1:len(padded)-1], 0))
	if len(padded) <= 5 {
		return out
	}
	for j := 0; j+3 <= len(padded); j++ {
		out = append(out, e.feature("g:", padded[j:j+3], 2))
	}
	return out
}

// feature hashes prefix+text (FNV-1a, 64 bits) to a bucket and a sign.
func (e *LocalEmbedder) feature(prefix string, text []byte, kind localFeature) localFeature {
	h := uint64(fnvOffset64)
	for i := 0; i < len(prefix); i++ {
		h = (h ^ uint64(prefix[i])) * fnvPrime64
	}
	for _, c := range text {
		h = (h ^ uint64(c)) * fnvPrime64
	}
	return localFeature(h%uint64(e.Dim))<<2 | kind | localFeature(h>>63)
}

const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// addFeatures adds a stem's features to v, scaled by the stem's weight w.
func (e *LocalEmbedder) addFeatures(v []float32, feats []localFeature, w float32) {
	ws, wg := stemWeight*w, ngramWeight*w
	for _, f := range feats {
		x := ws
		if f&2 != 0 {
			x = wg
		}
		if f&1 != 0 {
			x = -x
		}
		v[f>>2] += x
	}
}

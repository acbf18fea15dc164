package retrieval

import (
	"context"
	"errors"
	"math"

	chromem "github.com/philippgille/chromem-go"
)

// Embedder turns texts into unit-length vectors.
type Embedder interface {
	// Name identifies the embedder and its model ("local-v1-384", "openai:text-embedding-3-small");
	// a persistent index built with another name is rebuilt.
	Name() string
	// Embed returns one unit-length vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// EmbeddingFunc adapts an Embedder to chromem-go, which must never get a nil function
// (nil silently means OpenAI).
func EmbeddingFunc(e Embedder) chromem.EmbeddingFunc {
	return func(ctx context.Context, text string) ([]float32, error) {
		vs, err := e.Embed(ctx, []string{text})
		if err != nil {
			return nil, err
		}
		if len(vs) != 1 {
			return nil, errors.New("embedder returned no vector")
		}
		return vs[0], nil
	}
}

// Normalize scales v to unit length in place and returns it; a zero vector stays zero.
func Normalize(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return v
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
	return v
}

// Package retrieval finds the passages of a document collection that answer a question.
//
// It loads and cleans documents (load.go, clean.go), cuts them into passages of whole sentences
// with stable IDs (chunk.go), analyses text for Indonesian and English (tokenize.go, stopwords.go,
// stem_id.go, stem_en.go), translates queries between the two with an embedded dictionary
// (lexicon.go), and ranks passages by BM25 (bm25.go) and by vectors in a chromem-go collection
// (embed_local.go, embed_openai.go, store.go), fused into one ranking (search.go).
//
// The package is library-style: it imports neither the bot nor the configuration.
package retrieval

package retrieval

// Regenerate lexicon_eng_ind.tsv.gz and LICENSE-freedict.txt from the Debian package
// dict-freedict-eng-ind (needed only here, never by builds or tests).
//go:generate go run ./internal/genlexicon

package retrieval

import "github.com/kljensen/snowball/english"

// StemEnglish returns the Snowball (Porter2) stem of a lower-case English word.
func StemEnglish(word string) string {
	if len(word) < 3 {
		return word
	}
	return english.Stem(word, false)
}

package retrieval

// StemIndonesian returns the stem of a lower-case Indonesian word by the Snowball project's
// Indonesian algorithm. PLACEHOLDER: being implemented.
func StemIndonesian(word string) string { return word }

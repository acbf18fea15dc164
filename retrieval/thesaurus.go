package retrieval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Synonyms widen a question's words to the words a document may use instead (perjanjian ~
// persetujuan ~ kesepakatan; car ~ automobile), at a discount so that a passage with the word
// itself always ranks above one with only a synonym.

// The Indonesian thesaurus of mythes-id (LGPL-2.1, see LICENSE-mythes-id.txt): its single-word,
// two-way synonyms.
//
//go:embed lexicon_id_thesaurus.tsv.gz
var idThesaurusGz []byte

// English synonyms of each word's first sense in WordNet 3.0 (see LICENSE-wordnet.txt).
//
//go:embed lexicon_en_thesaurus.tsv.gz
var enThesaurusGz []byte

// synonymDiscount scales a synonym's score: a passage holding only a synonym scores at most
// this share of what the word itself would (see Index.addSynonyms).
const synonymDiscount = 0.5

// thesaurus maps a lower-case word to its synonyms.
type thesaurus map[string][]string

var (
	thesauriOnce     sync.Once
	thesauriEmbedded *map[Lang]thesaurus
	thesauri         atomic.Pointer[map[Lang]thesaurus]
)

func currentThesauri() map[Lang]thesaurus {
	thesauriOnce.Do(func() {
		id, err := readThesaurusTable(idThesaurusGz)
		if err != nil {
			panic("retrieval: embedded Indonesian thesaurus: " + err.Error())
		}
		en, err := readThesaurusTable(enThesaurusGz)
		if err != nil {
			panic("retrieval: embedded English thesaurus: " + err.Error())
		}
		m := map[Lang]thesaurus{LangID: id, LangEN: en}
		thesauriEmbedded = &m
		thesauri.CompareAndSwap(nil, &m)
	})
	return *thesauri.Load()
}

// readThesaurusTable reads gzip'd "word TAB synonym|synonym…" lines.
func readThesaurusTable(gz []byte) (thesaurus, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	th := make(thesaurus, 40000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w, syns, ok := strings.Cut(sc.Text(), "\t"); ok {
			th[w] = strings.Split(syns, "|")
		}
	}
	return th, sc.Err()
}

// UseIndonesianThesaurus replaces the embedded Indonesian thesaurus with a MyThes data file
// (th_id_ID_v2.dat: "word|count" followed by count lines "(pos)|synonym|…", ISO-8859-1 or
// UTF-8), for every query analysed afterwards in this process. The embedded one comes from
// Debian's mythes-id (LGPL-2.1): this is how a user runs Kutip with their own copy. As with the
// embedded one, only single-word synonyms that list the word back are kept.
func UseIndonesianThesaurus(r io.Reader) error {
	th, err := readMythes(r)
	if err != nil {
		return fmt.Errorf("read Indonesian thesaurus: %w", err)
	}
	if len(th) == 0 {
		return fmt.Errorf("read Indonesian thesaurus: no entries")
	}
	cur := currentThesauri()
	m := map[Lang]thesaurus{LangID: th, LangEN: cur[LangEN]}
	thesauri.Store(&m)
	return nil
}

// readMythes reads a MyThes data file into two-way single-word synonyms.
func readMythes(r io.Reader) (thesaurus, error) {
	all := map[string][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<20)
	remaining := 0
	head := ""
	for sc.Scan() {
		line := strings.TrimSpace(latin1IfInvalid(sc.Text()))
		if remaining > 0 {
			remaining--
			fields := strings.Split(line, "|")
			for _, f := range fields[1:] {
				f = strings.ToLower(strings.TrimSpace(f))
				if f != head && isLetters(f) {
					all[head] = append(all[head], f)
				}
			}
			continue
		}
		w, count, ok := strings.Cut(line, "|")
		n, err := strconv.Atoi(count)
		if !ok || err != nil {
			continue // the encoding line, or a malformed one
		}
		head, remaining = strings.ToLower(w), n
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	th := make(thesaurus, len(all))
	for w, syns := range all {
		if !isLetters(w) {
			continue
		}
		for _, s := range syns {
			for _, back := range all[s] {
				if back == w {
					th[w] = append(th[w], s)
					break
				}
			}
		}
	}
	return th, nil
}

// addSynonyms gives each single-word term of a query that the corpus lacks the thesaurus
// synonyms the corpus uses, at synonymDiscount, so that a synonym never outranks a word of the
// question itself. Synonyms of words the corpus has are left out: on the evaluation sets they
// pulled passages about the synonym above the ones about the word (README: how questions are
// understood).
func (ix *Index) addSynonyms(q *Query) {
	if ix.opts.NoSynonyms {
		return
	}
	th := currentThesauri()[q.Lang]
	for i := range q.Terms {
		t := &q.Terms[i]
		if t.Kind != "word" || strings.Contains(t.Source, " ") || t.Context {
			continue
		}
		syns := th[t.Source]
		if len(syns) == 0 {
			continue
		}
		if _, in := ix.TermRarity(*t); in {
			continue // measured: synonyms of a word the corpus has cost more than they find
		}
		for _, s := range syns {
			stems := Stems(s, q.Lang)
			if len(stems) != 1 || ix.bm25.docFreq(stems[0]) == 0 {
				continue
			}
			t.addWeightedAlt(stems, synonymDiscount)
		}
	}
}

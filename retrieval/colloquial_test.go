package retrieval

import (
	"context"
	"testing"
)

// queryTestIndex is a small Indonesian index whose vocabulary the query-analysis tests rely on.
func queryTestIndex(t *testing.T, opts Options) *Index {
	t.Helper()
	docs := []Document{
		{ID: "a.txt", Lang: LangID, Text: "Cara menyelesaikan masalah jaringan. Sebutkan usulan-usulan perbaikan. " +
			"Kami mencari berkas konfigurasi yang besar. Tim menemukan galat saat membuat paket. " +
			"Pengguna menulis laporan dan mengirim surat. Cara mematikan layar. Dokumen ditandatangani oleh direktur."},
		{ID: "b.txt", Lang: LangID, Text: "Instalasi sistem dimulai dari partisi. Perjanjian itu disetujui. " +
			"Pak Made Wirawan memimpin rapat. Pake Tuntun adalah nama desa. Versi 2.4 dirilis pada tahun 2021."},
	}
	ix, err := NewIndex(context.Background(), docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestNormalizeQuestion(t *testing.T) {
	ix := queryTestIndex(t, Options{NoTranslate: true})
	tests := []struct{ name, in, want string }{
		{"function words", "gimana cara nyelesaiin masalah jaringan yg gede?", "bagaimana cara menyelesaikan masalah jaringan yang besar?"},
		{"-in as -kan", "sebutin usulan2 perbaikan dong", "sebutkan usulan-usulan perbaikan dong"},
		{"nasal ny- as c", "gmn nyari berkas konfigurasi", "bagaimana mencari berkas konfigurasi"},
		{"nasal n-", "siapa yg nulis laporan", "siapa yang menulis laporan"},
		{"nasal ng-", "kapan ngirim surat", "kapan mengirim surat"},
		{"-in with -nya", "gimana matiinnya", "bagaimana matikannya"},
		{"pencet is tekan", "pencet G", "tekan G"},
		{"table content words", "tim nemu galat pas bikin paket", "tim menemukan galat pas membuat paket"},
		{"abbreviations", "dokumen udh ditandatangani sm direktur blm", "dokumen sudah ditandatangani sama direktur belum"},
		{"reduplication with a suffix", "usulan2nya", "usulan-usulannya"},
		{"nge- before a consonant", "ngelindungin berkas", "melindungkan berkas"},
		{"ng- for meng-h", "ngitung jaringan", "menghitung jaringan"},
		{"a table word that is also a dictionary word", "liat paket", "lihat paket"},
		{"names stay", "siapa kepala desa Bikin", "siapa kepala desa Bikin"},
		{"words the corpus has stay", "di mana pake", "di mana pake"},
		{"numbers stay", "versi 2 dirilis kapan", "versi 2 dirilis kapan"},
		{"known words stay", "instalasi sistem", "instalasi sistem"},
		{"unknown words without a known form stay", "nggak ngerjain xyzin", "tidak mengerjakan xyzin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.normalizeQuestion(tt.in, LangID); got != tt.want {
				t.Errorf("normalizeQuestion(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
	if got := ix.normalizeQuestion("what is gede", LangEN); got != "what is gede" {
		t.Errorf("an English question was rewritten with the Indonesian table: %q", got)
	}
	// English clippings become the full word; a capitalised name and a word the corpus has stay.
	en := []Document{{ID: "en.txt", Lang: LangEN, Text: "The repo holds the config files. Ammunition was sold."}}
	enix, err := NewIndex(context.Background(), en, Options{NoTranslate: true})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"how much ammo was sold?":     "how much ammunition was sold?",
		"where is the repo config":    "where is the repo config",
		"who sent the info to Admin?": "who sent the information to Admin?",
		"ppl say the govt sold ammo":  "people say the government sold ammunition",
	} {
		if got := enix.normalizeQuestion(in, LangEN); got != want {
			t.Errorf("normalizeQuestion(%q, en) = %q, want %q", in, got, want)
		}
	}
	off := queryTestIndex(t, Options{NoTranslate: true, NoColloquial: true})
	if got := off.normalizeQuestion("gimana", LangID); got != "gimana" {
		t.Errorf("NoColloquial still rewrites: %q", got)
	}
}

func TestColloquialQueryFindsPassage(t *testing.T) {
	ix := queryTestIndex(t, Options{NoTranslate: true})
	q := ix.Query("gimana nyelesaiin masalah jaringan?", LangID)
	var srcs []string
	for _, term := range q.Terms {
		srcs = append(srcs, term.Source)
	}
	if len(q.Terms) != 3 || q.Terms[0].Source != "menyelesaikan" {
		t.Errorf("terms %q, want menyelesaikan, masalah, jaringan", srcs)
	}
	if q.Text != "gimana nyelesaiin masalah jaringan?" {
		t.Errorf("Query.Text = %q, want the asker's words", q.Text)
	}
}

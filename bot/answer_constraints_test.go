package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kutip/kutip/retrieval"
)

func TestOrdinalsIn(t *testing.T) {
	tests := []struct {
		text    string
		indexes bool
		want    string
	}{
		{"When was the second round of the Six-Party Talks held?", false, "[2]"},
		{"Kapan putaran kedua Perundingan Enam Pihak diadakan?", false, "[2]"},
		{"Siapa pemimpin delegasi pada putaran ke-3?", false, "[3]"},
		{"The 2nd and the last release.", false, "[-1 2]"},
		{"Apa yang dibahas di pertemuan yang terakhir?", false, "[-1]"},
		{"Kedua, Dewan Keamanan PBB menjatuhkan sanksi.", false, "[2]"},
		// "kedua" before a noun means "both"; an English adverb or "last year" orders nothing.
		{"Namun ternyata kedua belah pihak belum menandatangani perjanjian damai.", false, "[]"},
		{"Perundingan antara kedua negara berlanjut.", false, "[]"},
		{"When did Kim first visit Russia?", false, "[]"},
		{"Exports fell last year.", false, "[]"},
		// A number after a word supports an ordinal asked, only with indexes; a capital Roman
		// numeral always counts.
		{"You reach the character console 3 by pressing Ctrl-Alt-F3.", true, "[3]"},
		{"You reach the character console 3 by pressing Ctrl-Alt-F3.", false, "[]"},
		{"Pertemuan informal Track II melibatkan akademisi.", false, "[2]"},
		{"Pada Agustus 2003 mereka mengadakan putaran pertama.", false, "[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []int
			for v := range ordinalsIn(tt.text, tt.indexes) {
				got = append(got, v)
			}
			sort.Ints(got)
			if s := fmt.Sprint(got); s != tt.want {
				t.Errorf("ordinalsIn = %s, want %s", s, tt.want)
			}
		})
	}
}

func TestAttributeOwner(t *testing.T) {
	tests := []struct{ q, want, owner string }{
		{"Which systemd version ships with Debian Bookworm?", typeVersion, "systemd"},
		{"Which version of the TWAIN standard must a scanner support?", typeVersion, "twain"},
		{"Systemd versi berapa yang dipakai Debian Bookworm?", typeVersion, "systemd"},
		{"What is the minimum version required?", typeVersion, ""}, // any version will do
		{"Apa nama kapal selam nuklir itu?", typeName, "kapal"},
		{"What was the name of the organization?", typeName, "organization"},
		{"When was the first round held?", typeDate, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := attributeOwner(tt.q, tt.want); got != tt.owner {
				t.Errorf("attributeOwner = %q, want %q", got, tt.owner)
			}
		})
	}
}

// TestConstraintTraps asks questions whose answer type stands in the documents beside the wrong
// ordinal or the wrong thing (traps, which must not be answered) and their twins the documents
// do answer, in both languages.
func TestConstraintTraps(t *testing.T) {
	corpus := func(t *testing.T, files map[string]string) *Assistant {
		fs := fstest.MapFS{}
		for name, text := range files {
			fs[name] = &fstest.MapFile{Data: []byte(text)}
		}
		docs, err := retrieval.Load(fs, nil)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := retrieval.NewIndex(context.Background(), docs, retrieval.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return New(ix, Options{})
	}
	en := map[string]string{
		"talks.txt": "The Six-Party Talks\n\nThe first round of the Six-Party Talks was held in Beijing in August 2003. " +
			"Delegations from China, both Koreas, the United States, Russia and Japan attended.\n",
		"ssh.txt": "OpenSSH\n\nThe sshd daemon listens on port 22 by default. To use another port, set Port in /etc/ssh/sshd_config. " +
			"A margin of 4 modules surrounds a generated QR code.\n",
		"writer.txt": "Writer\n\nTo insert a QR code, choose Insert - OLE Object - QR and Barcode. Press F5 to open the Navigator.\n",
		"release.txt": "Debian Bookworm\n\nDebian Bookworm ships systemd version 252.22 as its init system. " +
			"Its desktop sound server is PipeWire, which replaces PulseAudio. " +
			"This Debian Reference (version 2.100) covers Bookworm.\n",
	}
	id := map[string]string{
		"perundingan.txt": "Perundingan Enam Pihak\n\nPutaran pertama Perundingan Enam Pihak diadakan di Beijing pada Agustus 2003. " +
			"Delegasi Tiongkok, kedua Korea, Amerika Serikat, Rusia dan Jepang hadir.\n",
		"ssh.txt": "OpenSSH\n\nSecara bawaan daemon sshd mendengarkan di port 22. Untuk port lain, ubah Port di /etc/ssh/sshd_config. " +
			"Kode QR yang dibuat dikelilingi margin selebar 4 modul.\n",
		"writer.txt": "Writer\n\nUntuk menyisipkan kode QR, pilih Insert - OLE Object - QR and Barcode. Tekan F5 untuk membuka Navigator.\n",
		"rilis.txt": "Debian Bookworm\n\nDebian Bookworm memakai systemd versi 252.22 sebagai sistem init. " +
			"Server suara desktopnya adalah PipeWire, pengganti PulseAudio. " +
			"Panduan Debian ini (versi 2.100) membahas Bookworm.\n",
	}
	tests := []struct {
		name   string
		docs   map[string]string
		q      string
		answer string // the span the answer leads with; "" when it must be refused
	}{
		{"ordinal trap, en", en, "When was the second round of the Six-Party Talks held?", ""},
		{"ordinal kept, en", en, "When was the first round of the Six-Party Talks held?", "August 2003"},
		{"ordinal trap, id", id, "Kapan putaran kedua Perundingan Enam Pihak diadakan?", ""},
		{"ordinal kept, id", id, "Kapan putaran pertama Perundingan Enam Pihak diadakan?", "Agustus 2003"},
		{"version of another thing, en", en, "Which PipeWire version ships with Debian Bookworm?", ""},
		{"version kept, en", en, "Which systemd version ships with Debian Bookworm?", "252.22"},
		{"version of another thing, id", id, "PipeWire versi berapa yang dipakai Debian Bookworm?", ""},
		{"version kept, id", id, "Systemd versi berapa yang dipakai Debian Bookworm?", "252.22"},
		{"a modifier the documents never state, en", en, "How many modules wide is the default margin of a generated QR code?", ""},
		{"modifier kept, en", en, "Which port does sshd listen on by default?", "22"},
		{"a modifier the documents never state, id", id, "Berapa modul lebar margin bawaan kode QR yang dibuat?", ""},
		{"modifier kept, id", id, "Secara bawaan sshd mendengarkan di port berapa?", "22"},
		{"a menu path is no shortcut, en", en, "What is the keyboard shortcut for inserting a QR code?", ""},
		{"shortcut kept, en", en, "What is the keyboard shortcut to open the Navigator?", "F5"},
		{"a menu path is no shortcut, id", id, "Apa tombol pintasan untuk menyisipkan kode QR?", ""},
		{"shortcut kept, id", id, "Apa tombol pintasan untuk membuka Navigator?", "F5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := corpus(t, tt.docs).Ask(t.Context(), Request{ChatID: 1, Text: tt.q})
			if r.Why == nil {
				t.Fatalf("no why:\n%s", r.Text())
			}
			if tt.answer == "" {
				if !r.Refused {
					t.Errorf("trap answered:\n%s\n%s", r.Text(), r.Why.Text())
				}
				return
			}
			if r.Refused || !strings.Contains(r.Text(), tt.answer) {
				t.Errorf("want an answer with %q:\n%s\n%s", tt.answer, r.Text(), r.Why.Text())
			}
		})
	}
}

func TestKeyPressed(t *testing.T) {
	tests := []struct {
		sentence, key string
		want          bool
	}{
		{"Press Ctrl+Shift+F10 to dock the window.", "Shift", true},
		{"Ctrl+Enter inserts a page break.", "Enter", true},
		{"Tekan tombol Esc untuk keluar.", "Esc", true},
		{"Press Home to go to the start of the line.", "Home", true},
		{"The F5 key opens the Navigator.", "F5", true},
		// A menu path or a word sharing a key's name is no key pressed.
		{"Choose Insert - OLE Object - QR and Barcode.", "Insert", false},
		{"Pilih Insert - Table untuk menyisipkan tabel.", "Insert", false},
		{"Open the Home page of the project.", "Home", false},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			toks := retrieval.Tokenize(tt.sentence)
			for i, tok := range toks {
				if tok.Text == tt.key {
					if got := keyPressed(tt.sentence, toks, i); got != tt.want {
						t.Errorf("keyPressed(%s) = %v, want %v", tt.key, got, tt.want)
					}
					return
				}
			}
			t.Fatalf("no token %q", tt.key)
		})
	}
}

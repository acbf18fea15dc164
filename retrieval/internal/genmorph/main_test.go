package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadRoots(t *testing.T) {
	// ISO-8859-1, a count first, flags after the slash; names and numbers are left out.
	p := writeFile(t, "id.dic", "5\ntekan/B0DkM0\nkontrol/D0M0\nJakarta\n2000\ntekan/T0\n")
	got, err := readRoots(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"kontrol", "tekan"}; !reflect.DeepEqual(got, want) {
		t.Errorf("readRoots = %q, want %q", got, want)
	}
}

func TestReadMythesSymmetric(t *testing.T) {
	p := writeFile(t, "th.dat", "ISO-8859-1\nperjanjian|1\n[v]|kesepakatan|kontrak|wasiat\nkesepakatan|1\n[n]|perjanjian|konsensus\nkontrak|2\n[n]|perjanjian\n[v]|sewa guna\n")
	th, err := readMythes(p)
	if err != nil {
		t.Fatal(err)
	}
	got := symmetric(th)
	want := map[string][]string{"perjanjian": {"kesepakatan", "kontrak"}, "kesepakatan": {"perjanjian"}, "kontrak": {"perjanjian"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("symmetric(readMythes) = %v, want %v", got, want)
	}
}

func TestSynsetWords(t *testing.T) {
	line := []byte("02958343 06 n 05 car 0 auto 0 automobile 0 machine 4 motorcar 0 007 @ 03791235 n 0000 | a motor vehicle\nnext")
	want := []string{"car", "auto", "automobile", "machine", "motorcar"}
	if got := synsetWords(line); !reflect.DeepEqual(got, want) {
		t.Errorf("synsetWords = %q, want %q", got, want)
	}
}

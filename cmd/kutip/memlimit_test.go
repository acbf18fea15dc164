package main

import "testing"

func TestMemoryLimit(t *testing.T) {
	twoGiB := func() (int64, bool) { return 2 << 30, true }
	none := func() (int64, bool) { return 0, false }
	tests := []struct {
		name, setting, gomemlimit string
		cgroup                    func() (int64, bool)
		want                      int64
	}{
		{"auto in a container", "auto", "", twoGiB, 2 << 30 * 9 / 10},
		{"auto without a container limit", "auto", "", none, 0},
		{"off", "off", "", twoGiB, 0},
		{"a size", "1500MiB", "", twoGiB, 1500 << 20},
		{"GOMEMLIMIT wins", "1500MiB", "1GiB", twoGiB, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, why := memoryLimit(tt.setting, tt.gomemlimit, tt.cgroup); got != tt.want || why == "" {
				t.Errorf("memoryLimit = %d (%s), want %d", got, why, tt.want)
			}
		})
	}
}

func TestParseCgroupLimit(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"max\n", 0, false},
		{"1073741824\n", 1 << 30, true},
		{"9223372036854771712\n", 0, false}, // cgroup v1's "unlimited"
		{"junk", 0, false},
	}
	for _, tt := range tests {
		if got, ok := parseCgroupLimit(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("parseCgroupLimit(%q) = %d, %v", tt.in, got, ok)
		}
	}
}

package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseSize reads a size in bytes: a whole number, or a number with a unit, decimal (KB, MB,
// GB) or binary (KiB, MiB, GiB); "k", "m", "g" alone are binary ("512m", as Docker writes them).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), strings.ToLower(strings.TrimSpace(s[i:]))
	mult, ok := sizeUnits[strings.TrimSuffix(unit, "ytes")]
	if !ok {
		mult, ok = sizeUnits[unit]
	}
	f, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || f < 0 || math.IsInf(f, 0) || f*float64(mult) > math.MaxInt64/2 {
		return 0, fmt.Errorf("want a size such as 500MB, 1.5GiB or 1048576")
	}
	return int64(f * float64(mult)), nil
}

var sizeUnits = map[string]int64{
	"": 1, "b": 1, "by": 1,
	"k": 1 << 10, "kb": 1000, "kib": 1 << 10,
	"m": 1 << 20, "mb": 1000 * 1000, "mib": 1 << 20,
	"g": 1 << 30, "gb": 1000 * 1000 * 1000, "gib": 1 << 30,
	"t": 1 << 40, "tb": 1000 * 1000 * 1000 * 1000, "tib": 1 << 40,
}

// FormatSize writes a size in bytes for people: "100MiB", "1.5GiB", "512B".
func FormatSize(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f := float64(n)
	u := 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) + units[u]
}

// sizeValue is a size in bytes, with 0 meaning none.
type sizeValue struct {
	p *int64
}

func (v *sizeValue) set(s string) error {
	n, err := ParseSize(s)
	if err != nil {
		return err
	}
	*v.p = n
	return nil
}
func (v *sizeValue) String() string {
	if *v.p == 0 {
		return "0"
	}
	return FormatSize(*v.p)
}
func (v *sizeValue) target() any  { return v.p }
func (v *sizeValue) hint() string { return "size" }

// boolValue is true or false (also yes/no, on/off, 1/0).
type boolValue struct {
	p *bool
}

func (v *boolValue) set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "1":
		*v.p = true
	case "false", "no", "off", "0", "":
		*v.p = false
	default:
		return fmt.Errorf("want true or false")
	}
	return nil
}
func (v *boolValue) String() string { return strconv.FormatBool(*v.p) }
func (v *boolValue) target() any    { return v.p }
func (v *boolValue) hint() string   { return "true|false" }

// checkMemoryLimit accepts "auto", "off" or a size.
func checkMemoryLimit(s string) error {
	switch strings.ToLower(s) {
	case "auto", "off":
		return nil
	}
	if _, err := ParseSize(s); err != nil {
		return fmt.Errorf("want auto, off or a size such as 1500MiB")
	}
	return nil
}

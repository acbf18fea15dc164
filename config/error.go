package config

import "fmt"

// Error is an invalid setting or combination of settings. Its message names the environment
// variable or flag and says what it accepts; commands exit with status 2 on it.
type Error struct {
	// Name is the environment variable ("KUTIP_TOP_K") or, when the value came from a flag,
	// the flag and the variable ("--top-k (KUTIP_TOP_K)"); empty for command-line syntax errors.
	Name string
	// Value is the rejected value; empty for secrets, which are never shown.
	Value string
	// Reason says what the setting accepts or what is missing.
	Reason string
}

func (e *Error) Error() string {
	switch {
	case e.Name == "":
		return e.Reason
	case e.Value == "":
		return fmt.Sprintf("%s: %s", e.Name, e.Reason)
	default:
		return fmt.Sprintf("invalid %s %q: %s", e.Name, e.Value, e.Reason)
	}
}

// ExitCode is 2, the status of usage and configuration errors.
func (e *Error) ExitCode() int { return 2 }

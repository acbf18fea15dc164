package config

import (
	"errors"
	"flag"
	"io"
	"strings"
)

// flagValue holds a configuration flag's text until Load applies it over the environment, so
// that flags win whatever order the two are read in and both go through the same parser.
type flagValue struct {
	raw string
	set bool
}

func (f *flagValue) String() string { return f.raw }

func (f *flagValue) Set(s string) error {
	f.raw, f.set = s, true
	return nil
}

// RegisterFlags adds a flag for every setting but the secrets to fs, named after its
// environment variable (KUTIP_LLM_MODEL is --llm-model), showing c's values as defaults.
// Load reads them back; they do not write to c.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	for _, s := range settings {
		if s.flag == "" {
			continue
		}
		fs.Var(&flagValue{raw: s.bind(c).String()}, s.flag, s.help+" ("+s.env+")")
	}
}

// FlagHint says what a configuration flag takes, for help texts ("N", "local|openai",
// "duration"); "" for any other name.
func FlagHint(name string) string {
	for _, s := range settings {
		if s.flag != "" && s.flag == name {
			var c Config
			return s.bind(&c).hint()
		}
	}
	return ""
}

// IsFlag reports whether name (without dashes) is a configuration flag, so commands can tell
// their own flags from the global ones in help texts.
func IsFlag(name string) bool {
	for _, s := range settings {
		if s.flag != "" && s.flag == name {
			return true
		}
	}
	return false
}

// Load builds the configuration: Default, then the environment read through getenv, then the
// flags in args parsed with fs, then Validate. It returns the arguments that are not flags.
//
// Flags and arguments may come in any order ("ask --docs d question --json"); "--" ends the
// flags. fs may hold a command's own flags; the configuration flags are added to it unless
// RegisterFlags already was. An environment variable set to an empty string counts as unset.
// Errors are *Error (joined when there are several), or flag.ErrHelp for -h.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	if fs == nil {
		fs = flag.NewFlagSet("kutip", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
	}
	if !hasConfigFlags(fs) {
		d := Default()
		d.RegisterFlags(fs)
	}
	if getenv == nil {
		getenv = func(string) string { return "" }
	}

	c := Default()
	c.sources = make(map[string]Source)
	var errs []error
	for _, s := range settings {
		raw := strings.TrimSpace(getenv(s.env))
		if raw == "" {
			continue
		}
		if err := s.bind(&c).set(raw); err != nil {
			errs = append(errs, s.error(FromEnv, raw, err.Error()))
			continue
		}
		c.sources[s.env] = FromEnv
	}

	rest, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, nil, err
		}
		return c, nil, &Error{Reason: err.Error()}
	}
	for _, s := range settings {
		if s.flag == "" {
			continue
		}
		f := fs.Lookup(s.flag)
		if f == nil {
			continue
		}
		fv, ok := f.Value.(*flagValue)
		if !ok || !fv.set {
			continue
		}
		if err := s.bind(&c).set(fv.raw); err != nil {
			errs = append(errs, s.error(FromFlag, fv.raw, err.Error()))
			continue
		}
		c.sources[s.env] = FromFlag
	}
	if len(errs) > 0 {
		return c, rest, errors.Join(errs...)
	}
	return c, rest, c.Validate()
}

// hasConfigFlags reports whether RegisterFlags was called on fs.
func hasConfigFlags(fs *flag.FlagSet) bool {
	found := false
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := f.Value.(*flagValue); ok {
			found = true
		}
	})
	return found
}

// parseInterspersed parses flags wherever they are among the arguments and returns the
// arguments in order; everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	rest := []string{}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		consumed := len(args) - len(left)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// error describes a rejected value of s, naming the flag when the value came from one and
// hiding secrets.
func (s setting) error(src Source, raw, reason string) *Error {
	e := &Error{Name: s.env, Value: raw, Reason: reason}
	if src == FromFlag {
		e.Name = "--" + s.flag + " (" + s.env + ")"
	}
	if s.secret {
		e.Value = ""
	}
	return e
}

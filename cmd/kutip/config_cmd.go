package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
)

func init() {
	registerCommand(command{
		name:    "config",
		args:    "[--json] [configuration flags]",
		summary: "print the effective configuration, secrets masked, and the mode (llm or offline)",
		run:     runConfig,
	})
}

// runConfig prints every setting with its value and its source (default, env, flag), then the
// mode a bot would answer in now (see modelWatch): with a model configured it asks the model
// server. Secrets show only whether they are set.
func runConfig(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("config")
	asJSON := fs.Bool("json", false, "print a JSON array of {name, flag, value, source}")
	rest, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("config takes no arguments, only flags")
	}
	settings := e.cfg.Redacted()
	if *asJSON {
		type row struct {
			Name   string `json:"name"`
			Flag   string `json:"flag,omitempty"`
			Value  string `json:"value"`
			Source string `json:"source"`
		}
		rows := make([]row, len(settings))
		for i, s := range settings {
			rows[i] = row{Name: s.Name, Flag: s.Flag, Value: s.Value, Source: string(s.Source)}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVALUE\tSOURCE")
	for _, s := range settings {
		v := s.Value
		if v == "" {
			v = "(empty)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, v, s.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The mode a bot started now would be in: the configured models, asked of the server.
	models := e.newModelWatch()
	models.probe(ctx)
	_, err = fmt.Fprintf(e.stdout, "\nmode: %s\n", models.mode())
	return err
}

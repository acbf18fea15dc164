// Package seeds carries Kutip's default corpus: five Indonesian texts on North Korea's nuclear
// programme, the 1994 Agreed Framework, the Six-Party Talks, Russia–North Korea cooperation and
// proposals for peace. The files are byte-identical to ../shared/seeds and are embedded so the
// binary answers questions with no files around it.
package seeds

import "embed"

// FS holds the seed documents at its root.
//
//go:embed *.txt
var FS embed.FS

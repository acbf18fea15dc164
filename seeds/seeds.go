// Package seeds carries Kutip's default corpus: five Indonesian texts on North Korea's nuclear
// programme, the 1994 Agreed Framework, the Six-Party Talks, Russia–North Korea cooperation and
// proposals for peace. The texts are byte-identical to the project's original seeds and are
// embedded so the binary answers questions with no files around it. catalog.json (see
// retrieval.CatalogFile) gives short titles to the two texts whose first line is running text
// rather than a heading.
package seeds

import "embed"

// FS holds the seed documents at its root.
//
//go:embed *.txt catalog.json
var FS embed.FS

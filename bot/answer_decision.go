package bot

// The decision: whether the evidence answers the question, or the reply is a refusal.

const (
	// minCoverage is the share of the question's weighted key terms that the quoted sentences
	// must support for an answer (calibrated on the dev set; see README).
	minCoverage = 0.4
)

// answers reports whether the evidence answers the question.
func (ev evidence) answers() bool {
	return len(ev.selected) > 0 && ev.coverage >= minCoverage && ev.typeOK && ev.numbers && !ev.unknownName && ev.focusOK && ev.nameOK
}

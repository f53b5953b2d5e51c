package rules

import "github.com/rolloutdocs/rolloutdocs/internal/plan"

// checkStaleStatus reports a status the plan's own checkboxes have
// overtaken: still draft, in-review or approved while a phase after the
// first is under way and the phase before it is done; or in-progress with
// every task and exit criterion of every phase checked.
func checkStaleStatus(c *checker) {
	p := c.p
	if !c.bodyParsed() || len(p.Phases) == 0 {
		return
	}
	status := p.Front.Status
	pos := p.FrontPos["status"]
	switch status {
	case "draft", "in-review", "approved":
		if allDone(p.Phases) {
			c.warnf(pos, RuleStaleStatus, "set `status: launched` if the rollout is complete, or `status: in-progress` if it is not",
				"status is %s, but every task and exit criterion of every phase is checked", status)
			return
		}
		for i := 1; i < len(p.Phases); i++ {
			prev, cur := &p.Phases[i-1], &p.Phases[i]
			if phaseDone(prev) && phaseStarted(cur) {
				c.warnf(pos, RuleStaleStatus, "set `status: in-progress`",
					"status is %s, but %s is done and %s is under way", status, phaseName(prev), phaseName(cur))
				return
			}
		}
	case "in-progress":
		if allDone(p.Phases) {
			c.warnf(pos, RuleStaleStatus, "set `status: launched` once the rollout is complete",
				"status is in-progress, but every task and exit criterion of every phase is checked")
		}
	}
}

// phaseDone: the phase has exit criteria and every checkbox in it (tasks
// and criteria) is checked; a criterion without a checkbox is not done.
func phaseDone(ph *plan.Phase) bool {
	if len(ph.ExitCriteria) == 0 {
		return false
	}
	for _, ts := range [][]plan.Task{ph.Tasks, ph.ExitCriteria} {
		for _, t := range ts {
			if t.HasCheckbox && !t.Done {
				return false
			}
		}
	}
	for _, t := range ph.ExitCriteria {
		if !t.HasCheckbox {
			return false
		}
	}
	return true
}

// phaseStarted: some task or exit criterion of the phase is checked.
func phaseStarted(ph *plan.Phase) bool {
	for _, ts := range [][]plan.Task{ph.Tasks, ph.ExitCriteria} {
		for _, t := range ts {
			if t.Done {
				return true
			}
		}
	}
	return false
}

func allDone(phases []plan.Phase) bool {
	for i := range phases {
		if !phaseDone(&phases[i]) {
			return false
		}
	}
	return true
}

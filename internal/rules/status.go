package rules

// checkStatus checks what a plan's status promises: a launched plan has
// met every exit criterion.
func checkStatus(c *checker) {
	if c.p.Front.Status != "launched" || !c.bodyParsed() {
		return
	}
	for i := range c.p.Phases {
		ph := &c.p.Phases[i]
		for _, ex := range ph.ExitCriteria {
			switch {
			case !ex.HasCheckbox:
				c.errorf(ex.Pos, RuleLaunchedOpen,
					"write it as a checked task (- [x] …) once it is met, or set status back to in-progress",
					"plan is launched but exit criterion %q of %s is not a checkbox", ex.Text, phaseName(ph))
			case !ex.Done:
				c.errorf(ex.Pos, RuleLaunchedOpen,
					"check it (- [x]) once it is met, or set status back to in-progress",
					"plan is launched but exit criterion %q of %s is not checked", ex.Text, phaseName(ph))
			}
		}
	}
}

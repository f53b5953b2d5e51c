package plan

// DropSyntax forgets the goldmark tree behind the model (Doc, the
// sections' Blocks, the phases' Notes) and reports whether it had one.
// Everything else stays, Source included, and Parse(p.Path, p.Source)
// makes the same plan again, tree and all (Source is the text as parsed).
//
// A model that lives long, like the preview server's thousand plans kept
// between saves, is otherwise mostly tree: objects the garbage collector
// traces on every cycle, for pages that are already rendered.
func (p *Plan) DropSyntax() bool {
	if p == nil || p.Doc == nil {
		return false
	}
	p.Doc = nil
	drop := func(s *Section) {
		if s != nil {
			s.Blocks = nil
		}
	}
	for _, s := range p.Sections {
		drop(s)
	}
	drop(p.Overview)
	drop(p.Strategy)
	drop(p.TriggersSection)
	for i := range p.Phases {
		drop(p.Phases[i].Section)
		p.Phases[i].Notes = nil
	}
	return true
}

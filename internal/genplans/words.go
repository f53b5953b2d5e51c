package genplans

import "fmt"

// The pools below are the raw material of generated plans. Sentences may
// hold {area}, replaced by the plan's product area in lower case.

var areas = []string{
	"Checkout", "Search", "Billing", "Notifications", "Onboarding", "Mobile Sync", "SSO", "Audit Log",
	"Reporting", "Dashboard", "Invoices", "Payments", "Permissions", "File Upload", "Comments", "Calendar",
	"Data Export", "CSV Import", "API Gateway", "Rate Limiter", "Session Store", "Image Pipeline", "Email Digest",
	"Webhooks", "Data Warehouse", "Recommendations", "Pricing Page", "Signup Flow", "Password Reset",
	"Two-Factor Auth", "Team Invites", "Admin Console", "Usage Metering", "Localization", "Dark Mode",
	"Offline Mode", "Push Notifications", "Activity Feed", "Workspace Settings", "Help Center",
}

var changes = []string{
	"Redesign", "v2", "Migration", "Rewrite", "Beta", "Performance Overhaul", "Consolidation", "Self-Serve",
	"Revamp", "General Availability", "Refresh", "Modernization", "Caching Layer", "Sharding", "Simplification",
	"Accessibility Pass", "Internationalization", "Pagination", "Real-Time Updates", "Bulk Actions",
	"Smart Defaults", "Audit Trail", "Usage Limits", "Retry Queue", "Region Expansion",
}

var statuses = []string{"draft", "in-review", "approved", "in-progress", "paused", "launched", "rolled-back", "cancelled"}

var statusWeights = []int{10, 10, 10, 35, 5, 20, 5, 5}

var firstNames = []string{
	"Priya", "Daniel", "Mei Lin", "Amara", "Jonas", "Laura", "Noah", "Sofia", "Kwame", "Elena", "Hiroshi", "Fatima",
	"Lucas", "Ingrid", "Mateo", "Aisha", "Oliver", "Zanele", "Ravi", "Chloé", "Tomasz", "Yara", "Samuel", "Nadia",
}

var lastNames = []string{
	"Raman", "Okafor", "Chen", "Osei", "Weber", "Fischer", "Fitzgerald", "Reyes", "Mensah", "Petrova", "Tanaka",
	"Haddad", "Moreau", "Lindqvist", "García", "Khan", "Byrne", "Dlamini", "Iyer", "Dubois", "Nowak", "Saleh",
}

var tags = []string{
	"payments", "web", "mobile", "growth", "platform", "infrastructure", "security", "enterprise", "billing",
	"search", "notifications", "data", "performance", "accessibility", "compliance", "api", "settings", "auth",
}

var problems = []string{
	"The current {area} was built before we served customers at today's scale, and it shows in slow pages and confusing steps.",
	"Customers keep asking support for things the {area} should let them do themselves.",
	"The {area} runs on a code path that only two engineers still understand, and every change to it is slow and risky.",
	"Usage of the {area} has tripled in a year, and the design has not kept up.",
	"Enterprise buyers list the {area} among the reasons deals stall in security and procurement reviews.",
}

var impacts = []string{
	"Support handles dozens of tickets a week about it, most of them answered with the same workaround.",
	"Product analytics show a steep drop-off at the point where people first meet it.",
	"Incidents in the last two quarters traced back to it cost us more than a week of engineering time.",
	"Sales escalates a deal every few weeks because of it.",
	"It is the most common theme in churn interviews after pricing.",
}

var evidence = []string{
	"Usability sessions with twelve customers confirmed the main pain points.",
	"A prototype tested with the design partner program cut the time to finish the task in half.",
	"Load tests on the new design held three times the current peak traffic.",
	"The support team reviewed the new flow and expects the largest ticket category to shrink.",
}

var solutions = []string{
	"The new {area} replaces the old flow with a simpler one that keeps every existing setting.",
	"This change rebuilds the {area} on the shared platform services, behind a feature flag so the old path stays available.",
	"We keep the data model and swap the presentation and API layers of the {area}, so a rollback is a flag change.",
	"The rollout moves every workspace to the new {area} in stages, with the legacy path kept warm until launch.",
}

var riskNotes = map[string][]string{
	"low": {
		"Because it sits on a revenue-critical path, we roll it out conservatively and hold each step long enough to see weekly patterns.",
		"A mistake here is hard to undo for affected customers, so the rollout is deliberately slow.",
	},
	"medium": {
		"The change is reversible with the flag, so a standard rollout with a short internal phase is enough.",
		"We expect some support questions, and a standard pace gives the team time to answer them.",
	},
	"high": {
		"The change is cosmetic or easily reversed, so we accept a fast, aggressive rollout.",
		"Nothing is migrated and the flag turns it off instantly, which makes a quick rollout safe.",
	},
}

var internalNames = []string{"Internal Testing", "Dogfooding", "Staff Preview"}

var internalSummaries = []string{
	"Deploy to internal team members and dogfood the {area}",
	"Staff use the new {area} for their daily work before any customer sees it",
}

var internalTasks = []string{
	"Deploy to the staging environment",
	"Internal team testing with real workflows",
	"Gather feedback from internal users in the dogfood channel",
	"Fix critical issues found during testing",
	"Update documentation based on feedback",
	"Verify dashboards and alerts fire in staging",
}

var internalExit = []string{
	"No P0 or P1 bugs remaining",
	"Internal team sign-off obtained",
	"Monitoring and alerting verified",
	"Rollback procedure tested",
}

var canaryNames = []string{"Canary Release", "Canary", "Limited Preview"}

var audiences = []string{"users", "workspaces", "self-serve accounts", "new signups"}

var canaryTasks = []string{
	"Monitor error rates, latency and key metrics hourly",
	"Watch for user-reported issues",
	"Compare metrics against the control group",
	"Review support ticket volume daily",
	"Exclude accounts with custom contracts from the cohort",
}

var canaryExit = []string{
	"Error rate within the agreed threshold",
	"No significant latency regression",
	"Key metrics stable or improving",
	"No critical user-reported issues",
}

var rampTasks = []string{
	"Monitor metrics at each increment",
	"Pause and investigate any anomalies",
	"Update stakeholders at each milestone",
	"Hold each step for at least 48 hours",
	"Post a rollout update in the launches channel",
}

var rampExit = []string{
	"All rollout steps completed without a halt",
	"Metrics meet or exceed the success criteria",
	"Support ticket volume within the agreed budget",
}

var launchNames = []string{"Full Launch", "General Availability", "Launch"}

var launchTasks = []string{
	"Remove the feature flag",
	"Send the launch announcement",
	"Update documentation and the help center",
	"Brief the support team",
	"Schedule the retrospective",
	"Delete the legacy code path",
}

var launchExit = []string{
	"Documentation published",
	"Retrospective completed",
	"Success metrics confirmed",
}

var communications = []string{
	"**Before the canary:** customer success tells the largest accounts what changes in the {area}.",
	"**During rollout:** an in-app banner explains the new {area} and links to the help center.",
	"**Launch day:** changelog entry, help center article and a post in the community forum.",
	"**After launch:** support reviews {area} tickets weekly for a month and reports themes to the team.",
}

var qualitativeTriggers = []string{
	"Any data corruption detected",
	"Critical security vulnerability discovered",
	"Any customer loses access to the {area}",
	"A P0 incident is traced to the {area} change",
}

// metricPool builds Success Metrics rows. The first two (error rate and
// latency) are in every plan, as in the template.
var metricPool = []func(r *rng) metric{
	func(r *rng) metric {
		return metric{"Error rate", pct(r, 0.02, 0.3, 2), "<0.1% increase", pickOf(r, "Datadog monitors", "Sentry", "Monitoring"),
			"Error rate increases by more than 0.5%"}
	},
	func(r *rng) metric {
		return metric{"Latency (p95)", ms(r, 120, 900), "<10% increase", pickOf(r, "Datadog APM", "APM", "Grafana"),
			"P95 latency increases by more than 50%"}
	},
	func(r *rng) metric {
		return metric{"Support tickets", fmt.Sprintf("%d/week", 10+r.intn(80)), "<20% increase", "Zendesk",
			"Support tickets increase by more than 50%"}
	},
	func(r *rng) metric {
		return metric{"User adoption", "0%", fmt.Sprintf(">= %d%%", 15+5*r.intn(6)), "Amplitude", ""}
	},
	func(r *rng) metric {
		return metric{"Crash-free sessions", pct(r, 99.5, 99.9, 1), ">= 99.5%", "Firebase Crashlytics",
			"Crash-free sessions drop below 99.0%"}
	},
	func(r *rng) metric {
		return metric{"Payment failure rate", pct(r, 1.2, 2.0, 1), "<1.5%", "Stripe dashboard",
			"Payment failure rate exceeds 2.5%"}
	},
	func(r *rng) metric {
		base := 2.0 + float64(r.intn(30))/10
		return metric{"Conversion rate", fmt.Sprintf("%.1f%%", base), fmt.Sprintf(">= %.1f%%", base+0.4), "Amplitude funnel",
			fmt.Sprintf("Conversion rate drops below %.1f%% for 24 hours", base-0.5)}
	},
	func(r *rng) metric {
		return metric{"Login success rate", pct(r, 99.0, 99.4, 1), ">= 99.5%", "Auth service logs",
			"Login success rate drops below 97%"}
	},
	func(r *rng) metric {
		return metric{"Replication lag", ms(r, 100, 300), "<500ms", "CloudWatch",
			"Replication lag exceeds 5000ms"}
	},
	func(r *rng) metric {
		return metric{"Zero-result rate", pct(r, 5, 9, 1), "<5%", "Query logs", "Zero-result rate exceeds 12%"}
	},
	func(r *rng) metric {
		return metric{"Page load time (p95)", ms(r, 1200, 2400), "<5% increase", "Datadog RUM",
			"P95 page load time increases by more than 20%"}
	},
	func(r *rng) metric {
		return metric{"Sync conflict rate", pct(r, 0.4, 0.8, 1), "<1%", "Sync telemetry", "Sync conflict rate exceeds 3%"}
	},
	func(r *rng) metric {
		return metric{"Email unsubscribe rate", pct(r, 0.6, 0.9, 1), "<0.7%", "Postmark reports",
			"Email unsubscribe rate exceeds 1.5%"}
	},
	func(r *rng) metric {
		return metric{"API availability", pct(r, 99.9, 99.99, 2), ">= 99.9%", "Synthetic checks",
			"API availability drops below 99.5%"}
	},
	func(r *rng) metric {
		return metric{"Task completion rate", pct(r, 60, 80, 0), ">= 85%", "Product analytics",
			"Task completion rate drops below 50%"}
	},
}

// pct returns a percentage in [lo, hi] with the given decimals.
func pct(r *rng, lo, hi float64, decimals int) string {
	steps := 1
	for range decimals {
		steps *= 10
	}
	span := int((hi-lo)*float64(steps)) + 1
	v := lo + float64(r.intn(span))/float64(steps)
	return fmt.Sprintf("%.*f%%", decimals, v)
}

// ms returns a duration in milliseconds in [lo, hi], a multiple of ten.
func ms(r *rng, lo, hi int) string {
	return fmt.Sprintf("%dms", lo+10*r.intn((hi-lo)/10+1))
}

func pickOf(r *rng, xs ...string) string { return xs[r.intn(len(xs))] }

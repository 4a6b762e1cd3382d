package scale

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"huhang/internal/platform/clock"
)

// The province in memory: every organisation, account, student, plan and
// placement, drawn from the world stream before anything is written. The
// writers turn it into rows; what they add (duty, documents, inspections,
// alerts) draws from streams of its own, so a change in one part leaves
// the others' rows as they were.

// dbDivision is a division the migrations loaded.
type dbDivision struct{ code, name, parent, level string }

type city struct {
	code, name, short string
	lat, lng          float64
	counties          []int
	bureau            int
}

type county struct {
	code, name string
	city       int
	lat, lng   float64
	generated  bool
	bureau     int
}

type bureau struct {
	id, userID           uuid.UUID
	code, name, userName string
}

type school struct {
	id, adminID   uuid.UUID
	n             int // 1-based: sa<n>, t<n>_<j>
	name          string
	division      string
	city, county  int // county is -1 for a city-level school
	adminName     string
	teachers      []uuid.UUID
	teacherNames  []string
	majors        []int
	first, count  int // students[first : first+count]
	hosts         []int
	extraHostOnly []int // listed hosts without interns
}

type enterprise struct {
	id, adminID  uuid.UUID
	n            int // 1-based: ea<n>, men<n>
	name, credit string
	division     string
	divisionName string
	city         int
	industry     int
	lat, lng     float64
	radius       int
	headcount    int
	registeredBy int // school index, or -1
	adminName    string
	posts        []int
	mentors      []uuid.UUID
	mentorNames  []string
	interns      int
	sites        int
}

type post struct {
	id        uuid.UUID
	ent       int
	name      string
	headcount int
	wage      int64
	interns   int
}

type student struct {
	id, userID uuid.UUID // userID is zero without an account
	school     int
	no, name   string
	female     bool
	birth      clock.Date
	major      int
	senior     bool
	class      string
	idNumber   string
}

type site struct {
	school, ent, teacher int
	mentor               int // index into the enterprise's mentors
	major                int
	plan                 int
	students             []int32
}

// plan statuses the generator uses.
const (
	planDraft      = "draft"
	planSubmitted  = "submitted"
	planReturned   = "returned"
	planApproved   = "approved"
	planInProgress = "in_progress"
	planCompleted  = "completed"
)

type plan struct {
	id                 uuid.UUID
	school, major      int
	status, kind       string
	title, cohort      string
	starts, ends       clock.Date
	sites              []int
	posts              []int // post indexes
	planned            []int // planned count per post
	instructors        []int // teacher indexes of the school
	mentors            []uuid.UUID
	mentorNames        []string
	mentorOrgs         []string
	created, submitted time.Time
	reviewed           time.Time // approval or return
	filingNo           string
}

type placement struct {
	id                          uuid.UUID
	plan, site                  int
	student                     int32
	post                        int32
	status                      string
	reason                      string
	confirmed, activated, ended time.Time
	created, updated            time.Time
}

type world struct {
	o        Options
	today    clock.Date
	first    clock.Date // the first duty day
	asOf     time.Time  // the moment the province is generated as of: Today's evening
	seniorOn clock.Date // enrolment of the cohort on placement
	juniorOn clock.Date

	cities       []city
	counties     []county
	province     bureau
	bureaus      []bureau // cities', then counties'
	bureauByCode map[string]int
	rootID       uuid.UUID
	schools      []school
	enterprises  []enterprise
	posts        []post
	students     []student
	sites        []site
	plans        []plan
	placements   []placement
	counters     map[[2]string]int // (division, year) → last filing number
	placementsOf [][]int           // per site

	// Filled while writing, for the steps after.
	cal          *clock.Calendar
	duty         dutyState
	incidents    []incident
	findings     []finding
	orderNumbers int
	// Placements left without a policy, or without last month's pay.
	insuranceGaps, payGaps []int
}

// at is a Shanghai wall-clock moment of day d, in UTC.
func at(d clock.Date, hour, minute int) time.Time {
	return d.Time().Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute).UTC()
}

// buildWorld draws the province. divisions are what the migrations loaded.
func buildWorld(o Options, divisions []dbDivision) (*world, error) {
	g := newRNG(o.Seed, streamWorld)
	w := &world{o: o, today: o.Today, first: o.Today.AddDays(-(o.Days - 1)), counters: map[[2]string]int{}}
	w.asOf = at(o.Today, 20, 0)
	// The cohort on placement entered two autumns ago; the one after it is
	// not yet placed (R-FIRSTYEAR, Art 16: no post internship in the first year).
	autumn := clock.Date{Year: o.Today.Year, Month: time.September, Day: 1}
	if o.Today.Before(autumn) {
		autumn.Year--
	}
	w.seniorOn = clock.Date{Year: autumn.Year - 2, Month: time.September, Day: 1}
	w.juniorOn = clock.Date{Year: autumn.Year - 1, Month: time.September, Day: 1}
	if err := w.buildDivisions(g, divisions); err != nil {
		return nil, err
	}
	w.rootID = g.uuid()
	w.buildSchools(g)
	w.buildStudents(g)
	w.buildSites(g)
	w.buildPlans(g)
	w.buildPlacements(g)
	w.buildStaffAndQuotas(g)
	w.numberFilings()
	return w, nil
}

func (w *world) buildDivisions(g *rng, divisions []dbDivision) error {
	var cityRows []dbDivision
	countiesOf := map[string][]dbDivision{}
	var provinceName string
	for _, d := range divisions {
		switch {
		case d.code == "510000":
			provinceName = d.name
		case d.level == "city" && d.parent == "510000":
			cityRows = append(cityRows, d)
		case d.level == "county" && strings.HasPrefix(d.code, "51"):
			countiesOf[d.parent] = append(countiesOf[d.parent], d)
		}
	}
	if provinceName == "" || len(cityRows) == 0 {
		return fmt.Errorf("scale: the divisions of Sichuan are missing: is the database migrated?")
	}
	slices.SortFunc(cityRows, func(a, b dbDivision) int { return cmp.Compare(a.code, b.code) })
	w.province = bureau{id: g.uuid(), userID: g.uuid(), code: "510000", name: provinceName + "教育厅", userName: personName(g)}
	for _, cr := range cityRows {
		info := cityInfo{code: cr.code, short: strings.TrimRight(cr.name, "市州"), counties: 8, lat: 30.6, lng: 104.1}
		for _, ci := range sichuanCities {
			if ci.code == cr.code {
				info = ci
			}
		}
		c := city{code: cr.code, name: cr.name, short: info.short, lat: info.lat, lng: info.lng}
		ci := len(w.cities)
		existing := countiesOf[cr.code]
		slices.SortFunc(existing, func(a, b dbDivision) int { return cmp.Compare(a.code, b.code) })
		for _, ex := range existing {
			ll, ok := countyCentres[ex.code]
			if !ok {
				ll = [2]float64{c.lat + g.float(-0.3, 0.3), c.lng + g.float(-0.3, 0.3)}
			}
			c.counties = append(c.counties, len(w.counties))
			w.counties = append(w.counties, county{code: ex.code, name: ex.name, city: ci, lat: ll[0], lng: ll[1]})
		}
		if len(existing) == 0 {
			for k := 1; k <= info.counties; k++ {
				c.counties = append(c.counties, len(w.counties))
				w.counties = append(w.counties, county{code: fmt.Sprintf("%s%02d", cr.code[:4], k),
					name: fmt.Sprintf("%s第%d县（生成）", cr.name, k), city: ci, generated: true,
					lat: c.lat + g.float(-0.35, 0.35), lng: c.lng + g.float(-0.35, 0.35)})
			}
		}
		w.cities = append(w.cities, c)
	}
	// One bureau per division, cities first, each with its auditor b<code>.
	for i := range w.cities {
		c := &w.cities[i]
		c.bureau = len(w.bureaus)
		w.bureaus = append(w.bureaus, bureau{id: g.uuid(), userID: g.uuid(), code: c.code, name: c.name + "教育局", userName: personName(g)})
	}
	for i := range w.counties {
		c := &w.counties[i]
		c.bureau = len(w.bureaus)
		w.bureaus = append(w.bureaus, bureau{id: g.uuid(), userID: g.uuid(), code: c.code, name: c.name + "教育局", userName: personName(g)})
	}
	w.bureauByCode = map[string]int{}
	for i, b := range w.bureaus {
		w.bureauByCode[b.code] = i
	}
	return nil
}

// bureauOf is the competent bureau of a division code.
func (w *world) bureauOf(code string) bureau {
	if i, ok := w.bureauByCode[code]; ok {
		return w.bureaus[i]
	}
	return w.province
}

// The proportions of a province (enterprises, about one per 40 students,
// are made as sites need them).
const (
	studentsPerSchool  = 500
	studentsPerTeacher = 20
	accountEvery       = 10 // one student in ten has an account
	cityLevelSchools   = 0.15
	seniorShare        = 0.85
	placedShare        = 0.95
	reuseEnterprise    = 0.15
	crossCity          = 0.04
)

func (w *world) buildSchools(g *rng) {
	n := max(1, int(math.Round(float64(w.o.Students)/studentsPerSchool)))
	cityWeights := make([]float64, len(w.cities))
	for i, c := range w.cities {
		cityWeights[i] = float64(len(c.counties))
	}
	pilot := slices.IndexFunc(w.counties, func(c county) bool { return c.code == pilotCounty })
	perDivision := map[string]int{}
	weights := make([]float64, n)
	for i := range n {
		s := school{id: g.uuid(), adminID: g.uuid(), n: i + 1, county: -1, adminName: personName(g)}
		switch {
		case i == 0 && pilot >= 0:
			s.county = pilot
		case g.chance(cityLevelSchools):
			s.city = g.weighted(cityWeights)
		default:
			s.county = g.intn(len(w.counties))
		}
		if s.county >= 0 {
			c := w.counties[s.county]
			s.city, s.division = c.city, c.code
			perDivision[s.division]++
			s.name = c.name + "职业高级中学"
			if k := perDivision[s.division]; k > 1 {
				s.name = fmt.Sprintf("%s第%d职业高级中学", c.name, k)
			}
		} else {
			c := w.cities[s.city]
			s.division = c.code
			perDivision[s.division]++
			s.name = c.name + "职业技术学校"
			if k := perDivision[s.division]; k > 1 {
				s.name = fmt.Sprintf("%s第%d中等专业学校", c.name, k)
			}
		}
		weights[i] = g.float(0.4, 1.6)
		w.schools = append(w.schools, s)
	}
	// Sizes by largest remainder, so the students add up to exactly N.
	total := 0.0
	for _, x := range weights {
		total += x
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, n)
	assigned := 0
	for i, x := range weights {
		share := x / total * float64(w.o.Students)
		w.schools[i].count = int(share)
		assigned += w.schools[i].count
		rems[i] = rem{i, share - math.Floor(share)}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for k := 0; assigned < w.o.Students; k++ {
		w.schools[rems[k%n].i].count++
		assigned++
	}
	for i := range w.schools {
		s := &w.schools[i]
		// Three to six majors, the popular ones more often.
		want := min(len(majorList), g.between(3, 6))
		mw := make([]float64, len(majorList))
		for j, m := range majorList {
			mw[j] = m.weight
		}
		for len(s.majors) < want {
			j := g.weighted(mw)
			mw[j] = 0
			s.majors = append(s.majors, j)
		}
		slices.Sort(s.majors)
		for range (s.count + studentsPerTeacher - 1) / studentsPerTeacher {
			s.teachers = append(s.teachers, g.uuid())
			s.teacherNames = append(s.teacherNames, personName(g))
		}
		if len(s.teachers) == 0 {
			s.teachers, s.teacherNames = append(s.teachers, g.uuid()), append(s.teacherNames, personName(g))
		}
	}
}

func (w *world) buildStudents(g *rng) {
	w.students = make([]student, 0, w.o.Students)
	idSeq := map[string]int{}
	for si := range w.schools {
		s := &w.schools[si]
		s.first = len(w.students)
		mw := make([]float64, len(s.majors))
		for j, m := range s.majors {
			mw[j] = majorList[m].weight
		}
		batch := make([]student, s.count)
		for k := range batch {
			st := student{id: g.uuid(), school: si, name: personName(g), female: g.chance(0.5),
				major: s.majors[g.weighted(mw)], senior: g.chance(seniorShare)}
			enrolled := w.juniorOn
			if st.senior {
				enrolled = w.seniorOn
			}
			// Enrolled at fifteen or so: born in the twelve months before the September sixteen years earlier.
			born := clock.Date{Year: enrolled.Year - 16, Month: time.September, Day: 1}.AddDays(g.intn(365))
			st.birth = born
			issued := s.division
			if s.county < 0 {
				cs := w.cities[s.city].counties
				issued = w.counties[cs[g.intn(len(cs))]].code
			}
			key := issued + born.String()
			for idSeq[key] >= 500 { // the day's numbers of the division are used up: born a day later
				born = born.AddDays(1)
				st.birth, key = born, issued+born.String()
			}
			seq := idSeq[key]
			idSeq[key] = seq + 1
			st.idNumber = idNumber(issued, born, seq, st.female)
			batch[k] = st
		}
		// Classes of forty-five by major, the cohort on placement first.
		slices.SortStableFunc(batch, func(a, b student) int {
			if c := cmp.Compare(a.major, b.major); c != 0 {
				return c
			}
			if a.senior != b.senior {
				if a.senior {
					return -1
				}
				return 1
			}
			return 0
		})
		classOf := map[int]int{}
		for k := 0; k < len(batch); {
			end := k + 1
			for end < len(batch) && end-k < 45 && batch[end].major == batch[k].major && batch[end].senior == batch[k].senior {
				end++
			}
			classOf[batch[k].major]++
			name := fmt.Sprintf("%s%d班", majorList[batch[k].major].short, classOf[batch[k].major])
			for ; k < end; k++ {
				batch[k].class = name
			}
		}
		for k := range batch {
			n := len(w.students) + 1
			batch[k].no = fmt.Sprintf("S%07d", n)
			if n%accountEvery == 0 {
				batch[k].userID = g.uuid()
			}
			w.students = append(w.students, batch[k])
		}
	}
}

// buildSites splits each school's placed students into sites: a class's
// worth of interns at one host, overseen by one teacher. A host is new, or
// (about a quarter of the time) one the city already has for the category,
// now and then one in Chengdu.
func (w *world) buildSites(g *rng) {
	byCityCat := map[[2]int][]int{} // (city, industry) → enterprises
	chengdu := slices.IndexFunc(w.cities, func(c city) bool { return c.code == "510100" })
	names := map[string]bool{}
	credits := map[string]bool{}
	for si := range w.schools {
		s := &w.schools[si]
		used := map[int]bool{}
		offset := g.intn(len(s.teachers))
		ordinal := 0
		var placed []int32
		flush := func(major int) {
			for k := 0; k < len(placed); {
				size := g.between(15, 40)
				if rest := len(placed) - k - size; rest < 10 {
					size = len(placed) - k
				}
				ind := industryFor(majorList[major].category)
				e := -1
				pool := unused(byCityCat[[2]int{s.city, ind}], used)
				switch {
				case len(pool) > 0 && g.chance(reuseEnterprise):
					e = pick(g, pool)
				case chengdu >= 0 && s.city != chengdu && g.chance(crossCity):
					if pool := unused(byCityCat[[2]int{chengdu, ind}], used); len(pool) > 0 {
						e = pick(g, pool)
					}
				}
				if e < 0 {
					e = w.newEnterprise(g, s, si, ind, names, credits)
					byCityCat[[2]int{s.city, ind}] = append(byCityCat[[2]int{s.city, ind}], e)
				}
				used[e] = true
				s.hosts = append(s.hosts, e)
				ent := &w.enterprises[e]
				w.sites = append(w.sites, site{school: si, ent: e, teacher: (offset + ordinal) % len(s.teachers), mentor: ent.sites,
					major: major, plan: -1, students: slices.Clone(placed[k : k+size])})
				ent.sites++
				ordinal++
				k += size
			}
			placed = placed[:0]
		}
		for k := s.first; k < s.first+s.count; k++ {
			st := w.students[k]
			if len(placed) > 0 && w.students[placed[0]].major != st.major {
				flush(w.students[placed[0]].major)
			}
			if st.senior && g.chance(placedShare) {
				placed = append(placed, int32(k))
			}
		}
		if len(placed) > 0 {
			flush(w.students[placed[0]].major)
		}
		// A host list also names a unit or two without interns this year.
		for range g.intn(3) {
			ind := industryFor(majorList[pick(g, s.majors)].category)
			if pool := unused(byCityCat[[2]int{s.city, ind}], used); len(pool) > 0 {
				e := pick(g, pool)
				used[e] = true
				s.extraHostOnly = append(s.extraHostOnly, e)
			}
		}
	}
}

func unused(list []int, used map[int]bool) []int {
	var out []int
	for _, e := range list {
		if !used[e] {
			out = append(out, e)
		}
	}
	return out
}

// idNumber is a valid resident ID number (GB 11643-1999) issued in
// division for a birth date: the seq-th of its sex that day (seq < 500),
// so numbers never repeat. Invented, like every student here.
func idNumber(division string, birth clock.Date, seq int, female bool) string {
	n := 2 * seq // the 17th digit is odd for men, even for women
	if !female {
		n++
	}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", division, birth.Year, birth.Month, birth.Day, n)
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, wt := range weights {
		sum += int(body[i]-'0') * wt
	}
	return body + string("10X98765432"[sum%11])
}

// creditAlphabet is GB 32100-2015's, in value order.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode is a unified social credit code with a valid check character
// (the platform checks it whenever an enterprise is edited).
func creditCode(g *rng, division string) string {
	b := []byte("91" + division + "MA")
	for len(b) < 17 {
		b = append(b, creditAlphabet[g.intn(len(creditAlphabet))])
	}
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, wt := range weights {
		sum += strings.IndexByte(creditAlphabet, b[i]) * wt
	}
	return string(append(b, creditAlphabet[(31-sum%31)%31]))
}

func (w *world) newEnterprise(g *rng, s *school, si, ind int, names, credits map[string]bool) int {
	c := w.cities[s.city]
	e := enterprise{id: g.uuid(), adminID: g.uuid(), n: len(w.enterprises) + 1, city: s.city, industry: ind, registeredBy: -1,
		adminName: personName(g), radius: 100 * g.between(2, 8)}
	var lat, lng, spread float64
	switch {
	case s.county >= 0 && g.chance(0.5):
		k := w.counties[s.county]
		e.division, e.divisionName, lat, lng, spread = k.code, k.name, k.lat, k.lng, 0.05
	case g.chance(0.8):
		k := w.counties[pick(g, c.counties)]
		e.division, e.divisionName, lat, lng, spread = k.code, k.name, k.lat, k.lng, 0.05
	default:
		e.division, e.divisionName, lat, lng, spread = c.code, c.name, c.lat, c.lng, 0.12
	}
	e.lat, e.lng = lat+g.float(-spread, spread), lng+g.float(-spread, spread)
	in := industries[ind]
	for try := 0; ; try++ {
		e.name = c.short + pick(g, brands) + pick(g, in.words) + "有限公司"
		if try >= 3 {
			e.name = fmt.Sprintf("%s%s%s有限公司（%d）", c.short, pick(g, brands), pick(g, in.words), e.n)
		}
		if !names[e.name] {
			names[e.name] = true
			break
		}
	}
	for {
		e.credit = creditCode(g, e.division)
		if !credits[e.credit] {
			credits[e.credit] = true
			break
		}
	}
	if g.chance(0.3) {
		e.registeredBy = si
	}
	n := g.between(1, len(in.posts))
	for _, name := range in.posts[:n] {
		e.posts = append(e.posts, len(w.posts))
		w.posts = append(w.posts, post{id: g.uuid(), ent: len(w.enterprises), name: name,
			wage: int64(g.between(300, 650)) * 1000})
	}
	w.enterprises = append(w.enterprises, e)
	return len(w.enterprises) - 1
}

// buildPlans files one post internship per one or two sites of a major
// (mostly running, some approved to start soon, a few completed) and, per
// school, next year's plans still in the school's or the bureau's hands.
func (w *world) buildPlans(g *rng) {
	bySchool := make([][]int, len(w.schools))
	for i, st := range w.sites {
		bySchool[st.school] = append(bySchool[st.school], i)
	}
	for si := range w.schools {
		s := &w.schools[si]
		list := bySchool[si]
		for k := 0; k < len(list); {
			n := 1
			if k+1 < len(list) && w.sites[list[k+1]].major == w.sites[list[k]].major && g.chance(0.5) {
				n = 2
			}
			status := planInProgress
			switch r := g.float(0, 1); {
			case r < 0.12:
				status = planApproved
			case r < 0.20:
				status = planCompleted
			}
			p := plan{id: g.uuid(), school: si, major: w.sites[list[k]].major, status: status, kind: "post",
				cohort: fmt.Sprintf("%d级", w.seniorOn.Year)}
			for _, sx := range list[k : k+n] {
				p.sites = append(p.sites, sx)
				w.sites[sx].plan = len(w.plans)
				if !slices.Contains(p.instructors, w.sites[sx].teacher) {
					p.instructors = append(p.instructors, w.sites[sx].teacher)
				}
			}
			batch := len(w.plans) + 1
			p.title = fmt.Sprintf("%s%s专业岗位实习（第%d批）", p.cohort, majorList[p.major].name, batch%97+1)
			w.datePlan(g, &p)
			w.plans = append(w.plans, p)
			k += n
		}
		// Next year's cohort: drafts, plans under review and plans returned.
		extra := 2 + s.count/150
		for k := range extra {
			// Two in the bureau's queue at least, so every school has a second page of them.
			status := []string{planSubmitted, planDraft, planSubmitted, planReturned, planDraft}[k%5]
			if k >= 5 {
				status = pick(g, []string{planDraft, planSubmitted, planSubmitted, planReturned})
			}
			m := pick(g, s.majors)
			p := plan{id: g.uuid(), school: si, major: m, status: status, kind: "post", cohort: fmt.Sprintf("%d级", w.juniorOn.Year)}
			if status == planDraft && g.chance(0.3) {
				p.kind = "cognitive"
			}
			kind := "岗位实习"
			if p.kind == "cognitive" {
				kind = "认识实习"
			}
			p.title = fmt.Sprintf("%s%s专业%s（第%d批）", p.cohort, majorList[m].name, kind, k+1)
			p.instructors = []int{g.intn(len(s.teachers))}
			// Hosts of the school that take the major, else any of its hosts.
			var hosts []int
			for _, sx := range bySchool[si] {
				if e := w.sites[sx].ent; w.sites[sx].major == m && !slices.Contains(hosts, e) {
					hosts = append(hosts, e)
				}
			}
			if len(hosts) == 0 {
				hosts = slices.Clone(s.hosts)
			}
			for _, e := range hosts[:min(len(hosts), g.between(1, 2))] {
				for _, po := range w.enterprises[e].posts {
					p.posts = append(p.posts, po)
					p.planned = append(p.planned, g.between(3, 15))
				}
			}
			w.datePlan(g, &p)
			w.plans = append(w.plans, p)
		}
	}
}

// datePlan sets a plan's period and the moments of its workflow.
func (w *world) datePlan(g *rng, p *plan) {
	const length = 181 // six months (R-DURATION, Art 12)
	office := func(d clock.Date) time.Time { return at(d, g.between(8, 17), g.intn(60)) }
	switch p.status {
	case planInProgress:
		p.starts = w.first.AddDays(-g.between(10, 60))
		p.ends = p.starts.AddDays(length)
		if p.ends.Before(w.today.AddDays(30)) {
			p.ends = w.today.AddDays(30 + g.intn(30))
		}
	case planApproved:
		p.starts = w.today.AddDays(g.between(7, 45))
		p.ends = p.starts.AddDays(length)
	case planCompleted:
		p.ends = w.first.AddDays(-g.between(5, 60))
		p.starts = p.ends.AddDays(-length)
	default:
		p.starts = w.today.AddDays(g.between(30, 120))
		p.ends = p.starts.AddDays(length)
	}
	switch p.status {
	case planInProgress, planCompleted, planApproved:
		p.submitted = office(minDate(p.starts.AddDays(-g.between(20, 40)), w.today.AddDays(-g.between(8, 30))))
		p.reviewed = p.submitted.Add(time.Duration(g.between(20, 120)) * time.Hour)
		p.created = p.submitted.Add(-time.Duration(g.between(24, 240)) * time.Hour)
	case planSubmitted:
		// The review queue: sent over the last ten days.
		p.submitted = w.asOf.Add(-time.Duration(g.between(1, 240))*time.Hour - time.Duration(g.intn(3600))*time.Second)
		p.created = p.submitted.Add(-time.Duration(g.between(24, 240)) * time.Hour)
	case planReturned:
		p.submitted = office(w.today.AddDays(-g.between(6, 25)))
		p.reviewed = p.submitted.Add(time.Duration(g.between(20, 96)) * time.Hour)
		p.created = p.submitted.Add(-time.Duration(g.between(24, 240)) * time.Hour)
	case planDraft:
		p.created = office(w.today.AddDays(-g.between(0, 30)))
	}
}

func daysBetween(from, to clock.Date) int {
	return int(math.Round(to.Time().Sub(from.Time()).Hours() / 24))
}

func minDate(a, b clock.Date) clock.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// updated is when the plan's row last changed.
func (p *plan) updated() time.Time {
	switch p.status {
	case planInProgress:
		return at(p.starts, 0, 5)
	case planCompleted:
		return at(p.ends.AddDays(1), 0, 5)
	case planApproved, planReturned:
		return p.reviewed
	case planSubmitted:
		return p.submitted
	}
	return p.created
}

// buildPlacements places every student of a site on one of the host's
// posts, in the state the plan's stage implies.
func (w *world) buildPlacements(g *rng) {
	w.placementsOf = make([][]int, len(w.sites))
	for pi := range w.plans {
		p := &w.plans[pi]
		counts := map[int]int{}
		for _, sx := range p.sites {
			st := &w.sites[sx]
			posts := w.enterprises[st.ent].posts
			for k, stu := range st.students {
				po := posts[k%len(posts)]
				counts[po]++
				pl := placement{id: g.uuid(), plan: pi, site: sx, student: stu, post: int32(po)}
				// Proposed after the approval, confirmed within three days, all before the evening of Today.
				pl.created = p.reviewed.Add(g.duration(min(10*24*time.Hour, w.asOf.Sub(p.reviewed)/2)))
				confirmed := pl.created.Add(g.duration(min(72*time.Hour, w.asOf.Sub(pl.created)/2)))
				activated := at(p.starts, 9, g.intn(60))
				r := g.float(0, 1)
				switch p.status {
				case planInProgress:
					switch {
					case r < 0.93:
						pl.status, pl.confirmed, pl.activated = "active", confirmed, activated
					case r < 0.96:
						pl.status, pl.confirmed, pl.activated = "terminated", confirmed, activated
						hi := max(1, daysBetween(p.starts, w.today)-1)
						pl.ended = at(p.starts.AddDays(g.between(min(10, hi), hi)), 15, 0)
						pl.reason = pick(g, []string{"学生因个人原因申请终止实习，经学校同意。", "学生因病休学，终止实习。", "学生家长申请终止实习，经学校同意。"})
					case r < 0.98:
						pl.status, pl.reason = "declined", "岗位名额已满，实习单位未接收。"
					default:
						pl.status, pl.reason = "withdrawn", "学生改派其他实习单位，学校撤回安排。"
					}
				case planApproved:
					switch {
					case r < 0.3:
						pl.status = "proposed"
					case r < 0.6:
						pl.status, pl.confirmed = "confirmed", confirmed
					default:
						pl.status, pl.confirmed = "ready", confirmed
					}
				case planCompleted:
					pl.status, pl.confirmed, pl.activated = "completed", confirmed, activated
					pl.ended = at(p.ends.AddDays(1), 0, 5)
					if r < 0.03 {
						pl.status, pl.reason = "terminated", "学生因个人原因申请终止实习，经学校同意。"
						pl.ended = at(p.starts.AddDays(g.between(20, 150)), 15, 0)
					}
				}
				pl.updated = pl.created
				for _, t := range []time.Time{pl.confirmed, pl.activated, pl.ended} {
					if t.After(pl.updated) {
						pl.updated = t
					}
				}
				if pl.status == "declined" || pl.status == "withdrawn" {
					pl.updated = confirmed
				}
				w.placementsOf[sx] = append(w.placementsOf[sx], len(w.placements))
				w.placements = append(w.placements, pl)
			}
		}
		for _, sx := range p.sites {
			for _, po := range w.enterprises[w.sites[sx].ent].posts {
				if n, ok := counts[po]; ok && !slices.Contains(p.posts, po) {
					p.posts = append(p.posts, po)
					p.planned = append(p.planned, n)
				}
			}
		}
	}
}

// open placements hold a place at the host (R-QUOTA counts them).
func (pl placement) open() bool {
	switch pl.status {
	case "proposed", "confirmed", "ready", "active":
		return true
	}
	return false
}

// buildStaffAndQuotas gives each host its mentors and sizes its staff from
// the interns it took: most within Art 11's quotas (interns at most 10 % of
// the unit's staff and 20 % of a post's), a few over either.
func (w *world) buildStaffAndQuotas(g *rng) {
	for _, pl := range w.placements {
		if pl.open() {
			w.posts[pl.post].interns++
			w.enterprises[w.posts[pl.post].ent].interns++
		}
	}
	for i := range w.enterprises {
		e := &w.enterprises[i]
		mentors := max(1, (e.interns+29)/30, (e.sites+1)/2)
		for range mentors {
			e.mentors = append(e.mentors, g.uuid())
			e.mentorNames = append(e.mentorNames, personName(g))
		}
		sum := 0
		for _, po := range e.posts {
			p := &w.posts[po]
			p.headcount = max(8, int(math.Ceil(float64(p.interns)*5*g.float(1.1, 2.5))))
			if g.chance(0.04) && p.interns > 0 {
				p.headcount = max(1, int(float64(p.interns)*5/g.float(1.1, 1.5)))
			}
			sum += p.headcount
		}
		e.headcount = max(sum+g.between(5, 200), int(math.Ceil(float64(e.interns)*10*g.float(1.1, 3))))
		if g.chance(0.03) && e.interns > 0 {
			e.headcount = max(sum, int(float64(e.interns)*10/g.float(1.1, 1.4)))
		}
	}
	for i := range w.sites {
		st := &w.sites[i]
		st.mentor %= len(w.enterprises[st.ent].mentors)
	}
	for pi := range w.plans {
		p := &w.plans[pi]
		seen := map[uuid.UUID]bool{}
		add := func(e, k int) {
			ent := w.enterprises[e]
			if id := ent.mentors[k]; !seen[id] {
				seen[id] = true
				p.mentors = append(p.mentors, id)
				p.mentorNames = append(p.mentorNames, ent.mentorNames[k])
				p.mentorOrgs = append(p.mentorOrgs, ent.name)
			}
		}
		for _, sx := range p.sites {
			add(w.sites[sx].ent, w.sites[sx].mentor)
		}
		for _, po := range p.posts {
			add(w.posts[po].ent, 0)
		}
	}
}

// numberFilings gives approved plans their filing numbers DIVISION-YEAR-NNNN
// in order of approval, gapless per division and year like the service's.
func (w *world) numberFilings() {
	var filed []int
	for i, p := range w.plans {
		switch p.status {
		case planApproved, planInProgress, planCompleted:
			filed = append(filed, i)
		}
	}
	slices.SortStableFunc(filed, func(a, b int) int { return w.plans[a].reviewed.Compare(w.plans[b].reviewed) })
	for _, i := range filed {
		p := &w.plans[i]
		div := w.schools[p.school].division
		year := clock.BusinessDay(p.reviewed).Year
		key := [2]string{div, fmt.Sprint(year)}
		w.counters[key]++
		p.filingNo = fmt.Sprintf("%s-%d-%04d", div, year, w.counters[key])
	}
}

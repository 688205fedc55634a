package generate

import "time"

// day is a civil date counted in days since 1970-01-01 (UTC).
type day int32

func mkDay(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d day) date() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

func (d day) year() int {
	y, _, _ := d.date()
	return y
}

// weekday returns 0 for Sunday … 6 for Saturday.
func (d day) weekday() int {
	w := (int(d) + 4) % 7 // 1970-01-01 was a Thursday
	if w < 0 {
		w += 7
	}
	return w
}

// easterSunday is the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func easterSunday(y int) day {
	a := y % 19
	b := y / 100
	c := y % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return mkDay(y, time.Month(month), dd)
}

// isHoliday reports an Italian national holiday (as listed in indicators.md).
func isHoliday(d day) bool {
	y, m, dd := d.date()
	switch {
	case m == 1 && (dd == 1 || dd == 6),
		m == 4 && dd == 25,
		m == 5 && dd == 1,
		m == 6 && dd == 2,
		m == 8 && dd == 15,
		m == 11 && dd == 1,
		m == 12 && (dd == 8 || dd == 25 || dd == 26):
		return true
	}
	return d == easterSunday(y)+1
}

// calendar caches the holidays of a range of years.
type calendar struct {
	first day
	hol   []bool
}

func newCalendar(fromYear, toYear int) *calendar {
	c := &calendar{first: mkDay(fromYear, 1, 1)}
	last := mkDay(toYear, 12, 31)
	c.hol = make([]bool, int(last-c.first)+1)
	for i := range c.hol {
		c.hol[i] = isHoliday(c.first + day(i))
	}
	return c
}

func (c *calendar) working(d day) bool {
	w := d.weekday()
	if w == 0 || w == 6 {
		return false
	}
	if i := int(d - c.first); i >= 0 && i < len(c.hol) {
		return !c.hol[i]
	}
	return !isHoliday(d)
}

// dispatchBefore returns the latest working day s such that exactly n (>= 1)
// working days fall strictly after s and strictly before the meeting m.
func (c *calendar) dispatchBefore(m day, n int) day {
	d := m
	for cnt := 0; cnt < n; {
		d--
		if c.working(d) {
			cnt++
		}
	}
	d--
	for !c.working(d) {
		d--
	}
	return d
}

// workingOnOrAfter moves d forward to a working day not after limit; if there
// is none it moves backward from d to one not before floor; ok is false when
// the interval [floor, limit] holds no working day.
func (c *calendar) workingIn(d, floor, limit day) (day, bool) {
	for x := d; x <= limit; x++ {
		if c.working(x) {
			return x, true
		}
	}
	for x := d - 1; x >= floor; x-- {
		if c.working(x) {
			return x, true
		}
	}
	return 0, false
}

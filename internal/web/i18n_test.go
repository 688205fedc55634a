package web

import "testing"

// Programme codes reach readers as words, the code kept beside them.
func TestProgrammeCodesRead(t *testing.T) {
	for _, c := range []struct{ lang, code, want string }{
		{"it", "2014IT16RFOP004", "PO FESR 2014-2020 (2014IT16RFOP004)"},
		{"en", "2014IT05SFOP001", "ESF OP 2014-2020 (2014IT05SFOP001)"},
		{"it", "2014IT05M2OP002", "PO plurifondo 2014-2020 (2014IT05M2OP002)"},
		{"it", "PR Basilicata FESR FSE+ 2021-2027", "PR Basilicata FESR FSE+ 2021-2027"},
		// Near misses stay codes: each breaks one part of the form.
		{"it", "2014IT16XXOP004", "2014IT16XXOP004"},
		{"it", "2014FR16RFOP004", "2014FR16RFOP004"},
		{"it", "1914IT16RFOP004", "1914IT16RFOP004"},
		{"it", "2014IT1ARFOP004", "2014IT1ARFOP004"},
		{"it", "2014IT16RFPO004", "2014IT16RFPO004"},
		{"it", "2014IT16RFOP0041", "2014IT16RFOP0041"},
		{"it", "2014IT16RFOP04", "2014IT16RFOP04"},
		{"it", "2014IT16RFOP0x4", "2014IT16RFOP0x4"},
	} {
		if got := L(c.lang, c.code); got != c.want {
			t.Errorf("L(%s, %s) = %q, want %q", c.lang, c.code, got, c.want)
		}
	}
}

package sparkconf

import "regexp"

// The patterns SparkDateTimeUtils.getZoneId (3.1+) rewrites before
// ZoneId.of, so that offsets written as before Spark 3.0 still resolve;
// Java's \d is an ASCII digit.
var (
	singleHourZone   = regexp.MustCompile(`([+-])([0-9]):`)
	singleMinuteZone = regexp.MustCompile(`([+-])([0-9][0-9]):([0-9])$`)
)

// javaZoneOffset is ZoneOffset.of: "Z", or a sign and hours, minutes and
// seconds in one of the forms +h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss,
// within ±18:00.
func javaZoneOffset(id string) bool {
	if id == "Z" {
		return true
	}
	if len(id) == 2 {
		id = id[:1] + "0" + id[1:]
	}
	var h, m, s int
	ok := true
	switch len(id) {
	case 3:
		h = offsetField(id, 1, false, &ok)
	case 5:
		h, m = offsetField(id, 1, false, &ok), offsetField(id, 3, false, &ok)
	case 6:
		h, m = offsetField(id, 1, false, &ok), offsetField(id, 4, true, &ok)
	case 7:
		h, m, s = offsetField(id, 1, false, &ok), offsetField(id, 3, false, &ok), offsetField(id, 5, false, &ok)
	case 9:
		h, m, s = offsetField(id, 1, false, &ok), offsetField(id, 4, true, &ok), offsetField(id, 7, true, &ok)
	default:
		return false
	}
	if !ok || (id[0] != '+' && id[0] != '-') {
		return false
	}
	return h <= 18 && m <= 59 && s <= 59 && (h < 18 || m == 0 && s == 0)
}

// offsetField is ZoneOffset.parseNumber: two ASCII digits at pos, after a
// colon when colon is set; a failure clears ok.
func offsetField(id string, pos int, colon bool, ok *bool) int {
	if colon && id[pos-1] != ':' {
		*ok = false
		return 0
	}
	a, b := id[pos], id[pos+1]
	if !isDecDigit(a) || !isDecDigit(b) {
		*ok = false
		return 0
	}
	return int(a-'0')*10 + int(b-'0')
}

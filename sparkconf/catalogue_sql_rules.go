package sparkconf

import (
	"fmt"
	"slices"
	"strings"
)

// The rules of SQL rows that no other check kind expresses. They matter
// at driver start because building the SparkSession copies every entry
// of the SparkConf into its SQLConf with setConfString
// (BaseSessionStateBuilder.mergeSparkConf, 3.0 to 4.1), which runs the
// entry's value converter, checks included, and then refuses a removed
// config set to anything but its old default.

// notBefore restricts an enumeration whose values grew: in the releases
// of vs the values in added are not yet allowed, and Spark lists the
// older set in its refusal, which msg repeats.
func notBefore(vs Versions, msg string, added ...string) Check {
	return Check{Kind: Predicate, Message: msg, Versions: vs,
		Pred: func(_ string, _ float64, t string) bool { return !slices.Contains(added, t) }}
}

// exactly is a Predicate over the value as written, for releases whose
// checkValues compared it without a case transform: only the values in
// allowed pass.
func exactly(vs Versions, msg string, allowed ...string) Check {
	return Check{Kind: Predicate, Message: msg, Versions: vs,
		Pred: func(s string, _ float64, _ string) bool { return slices.Contains(allowed, s) }}
}

// wholeInt is intConf's parse, for a key that later became a doubleConf:
// before then Spark refused "1.5" with "<key> should be int, but was
// 1.5" (ConfigHelpers.toNumber, 3.x).
func wholeInt(key string, vs Versions) Check {
	return Check{Kind: Predicate, Message: key + " should be int", Versions: vs,
		Pred: func(s string, _ float64, _ string) bool {
			_, err := parseJavaInt(javaTrim(s), 32)
			return err == nil
		}}
}

// scalaBoolean is booleanConf's parse, for a removed key's releases
// before its removal, where the row is a string (the removal rule below
// compares text).
func scalaBoolean(vs Versions) Check {
	return Check{Kind: Predicate, Message: "Spark accepts true or false", Versions: vs,
		Pred: func(s string, _ float64, _ string) bool {
			_, err := parseScalaBoolean(javaTrim(s))
			return err == nil
		}}
}

// removedConf is SQLConf.removedSQLConfigs: from the release that removed
// key, SQLConf.requireDefaultValueOfRemovedConf throws for any value that
// is not the old default, compared as written (no trim beyond what the
// properties loader did, no case folding). The message is Spark's, from
// SQLConf (3.x) and QueryCompilationErrors.configRemovedInVersionError
// (4.x), which print the same text. earlier are the checks of the
// releases that still had the key.
func removedConf(key, since, removedIn, def, comment string, earlier ...Check) Key {
	msg := fmt.Sprintf("The SQL config '%s' was removed in the version %s. %s", key, removedIn, comment)
	rule := Check{Kind: Predicate, Message: msg, Versions: Versions{Since: mustVersion(removedIn)},
		Pred: func(s string, _ float64, _ string) bool { return s == def }}
	return Key{Name: key, Type: TypeString, Since: since, Source: srcSQL,
		Checks: append(slices.Clone(earlier), rule)}
}

// sessionTimeZone is SQLConf.isValidTimezone: DateTimeUtils.getZoneId
// must not throw. 3.0 passes the value to ZoneId.of(_, ZoneId.SHORT_IDS)
// as is; later releases first widen "+h:mm" to "+0h:mm" and "+hh:m" to
// "+hh:0m". Both readings are accepted, so no release is refused a value
// one of them takes. A region id ("Europe/Paris") is only checked for
// ZoneRegion's syntax: which regions exist depends on the JVM's tz
// database, which a webhook cannot see, so an unknown region is accepted.
func sessionTimeZone(s string, _ float64, _ string) bool {
	return javaZoneID(s) || javaZoneID(widenZoneOffset(s))
}

// widenZoneOffset is SparkDateTimeUtils.getZoneId's rewriting (3.1+):
// replaceFirst of "(\+|\-)(\d):" by "$10$2:", then of "(\+|\-)(\d\d):(\d)$"
// by "$1$2:0$3".
func widenZoneOffset(s string) string {
	if m := singleHourZone.FindStringSubmatchIndex(s); m != nil {
		s = s[:m[0]] + s[m[2]:m[3]] + "0" + s[m[4]:m[5]] + ":" + s[m[1]:]
	}
	if m := singleMinuteZone.FindStringSubmatchIndex(s); m != nil {
		s = s[:m[0]] + s[m[2]:m[3]] + s[m[4]:m[5]] + ":0" + s[m[6]:m[7]] + s[m[1]:]
	}
	return s
}

// javaZoneID is ZoneId.of's parse (java.time, Java 8 to 21): offsets,
// offsets behind a UTC, GMT or UT prefix, and region ids.
func javaZoneID(id string) bool {
	switch {
	case len(id) <= 1 || id[0] == '+' || id[0] == '-':
		return javaZoneOffset(id)
	case strings.HasPrefix(id, "UTC") || strings.HasPrefix(id, "GMT"):
		return prefixedZone(id, 3)
	case strings.HasPrefix(id, "UT"):
		return prefixedZone(id, 2)
	}
	return zoneRegionSyntax(id)
}

// prefixedZone is ZoneId.ofWithPrefix: the bare prefix, a region id
// (GMT0), or the prefix and a ZoneOffset.
func prefixedZone(id string, n int) bool {
	switch {
	case len(id) == n:
		return true
	case id[n] != '+' && id[n] != '-':
		return zoneRegionSyntax(id)
	}
	return javaZoneOffset(id[n:])
}

// zoneRegionSyntax is ZoneRegion.checkName: at least two characters, a
// letter first, then letters, digits and ~ / . _ + -.
func zoneRegionSyntax(id string) bool {
	if len(id) < 2 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		letter := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || !isDecDigit(c) && !strings.ContainsRune("~/._+-", rune(c))) {
			return false
		}
	}
	return true
}

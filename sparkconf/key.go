package sparkconf

// Type is the value type of a Spark configuration key: the typed builder its
// ConfigBuilder is made with (core/.../internal/config/ConfigBuilder.scala),
// which decides how Spark parses the value.
type Type int

// The value types of ConfigBuilder.
const (
	// TypeString is stringConf: any value, unless a check says otherwise.
	TypeString Type = iota
	// TypeBool is booleanConf: "true" or "false", any letter case, trimmed.
	TypeBool
	// TypeInt is intConf: Integer.parseInt of the trimmed value.
	TypeInt
	// TypeLong is longConf: Long.parseLong of the trimmed value.
	TypeLong
	// TypeDouble is doubleConf: Double.parseDouble of the trimmed value.
	TypeDouble
	// TypeBytes is bytesConf(unit): JavaUtils.byteStringAs, Key.Unit the default.
	TypeBytes
	// TypeTime is timeConf(unit): JavaUtils.timeStringAs, Key.Unit the default.
	TypeTime
	// TypeEnum is stringConf with checkValues: one of Key.Values, after
	// Key.Fold's transform.
	TypeEnum
)

// String names the type as messages do: "int", "byte size", ….
func (t Type) String() string {
	return [...]string{"string", "boolean", "int", "long", "double", "byte size", "duration", "value"}[t]
}

// numeric reports whether values of the type are numbers: ints, longs,
// doubles, byte sizes and durations.
func (t Type) numeric() bool {
	return t == TypeInt || t == TypeLong || t == TypeDouble || t == TypeBytes || t == TypeTime
}

// Fold is the case transform a ConfigBuilder applies before checkValues:
// many enumerations are .transform(_.toUpperCase(Locale.ROOT)) and so accept
// any letter case, while others (spark.kubernetes.container.image.pullPolicy)
// are case-sensitive.
type Fold int

// Case transforms of enumeration keys.
const (
	// CaseSensitive compares the value as written.
	CaseSensitive Fold = iota
	// FoldUpper upper-cases the value first.
	FoldUpper
	// FoldLower lower-cases the value first.
	FoldLower
)

// Key is one row of the catalogue: a Spark configuration key, how Spark
// parses it, the checks its ConfigBuilder applies, and the Spark source it
// all comes from.
type Key struct {
	// Name is the key, e.g. "spark.executor.memory".
	Name string
	// Type is the value type.
	Type Type
	// Unit is the default unit of Bytes and Time keys.
	Unit Unit
	// Values are the allowed values of an Enum key.
	Values []string
	// Fold is an Enum key's case transform.
	Fold Fold
	// Seq marks .toSequence keys: a comma-separated list whose elements
	// (trimmed, empty ones dropped, as Utils.stringToSeq) are each checked.
	Seq bool
	// Checks are the key's checkValue rules.
	Checks []Check
	// Since is the release that introduced the key (its .version(…)), or
	// this row's definition of it when a key has several rows.
	Since string
	// Until is the first release without this row: the release that
	// removed the key, or that changed its type or values, in which case
	// another row of the same Name starts there. Empty: still current.
	Until string
	// Source is the Spark source file defining the key, relative to the
	// root of apache/spark.
	Source string
	// Deprecated names the key that replaced this one, for keys Spark still
	// reads through withAlternative but warns about.
	Deprecated string
	// ReadBy is the simple class name of the Spark plugin that alone reads
	// the key (ExecutorRollPlugin): Spark parses a typed conf only when code
	// reads it, so without that plugin in spark.plugins a bad value fails
	// nothing, and sparkhook reports it as a warning rather than deny a job
	// Spark would run.
	ReadBy string
}

// CheckKind is the kind of a checkValue predicate.
type CheckKind int

// The checkValue predicates found in Spark's ConfigBuilders.
const (
	// Greater is v > Bound.
	Greater CheckKind = iota
	// AtLeast is v >= Bound.
	AtLeast
	// Less is v < Bound.
	Less
	// AtMost is v <= Bound.
	AtMost
	// Equals is v == Text, for strings.
	Equals
	// PodNamePrefix is Config.isValidExecutorPodNamePrefix: a DNS-1123
	// subdomain no longer than Bound characters.
	PodNamePrefix
	// HasSuffix is strings.HasSuffix(v, Text).
	HasSuffix
	// NoPathWords is UI_REVERSE_PROXY_URL's check: no "/"-separated part of
	// the value equals one of the comma-separated words in Text.
	NoPathWords
	// SplitsInto is String.split(Text).length == Bound, as in
	// EnvSecretsFeatureStep's check of secretKeyRef values.
	SplitsInto
	// OneOf is checkValues over a non-string type: the value, written the
	// way Java prints it, is one of the comma-separated values in Text.
	OneOf
	// Predicate is a checkValue rule with no kind of its own, in
	// Check.Pred: a power of two, a regular expression, a cross-field rule.
	Predicate
)

// Check is one checkValue rule: a predicate over the parsed value, Spark's
// own error message, and the Spark releases where the rule holds — several
// rules changed between releases.
type Check struct {
	Kind CheckKind
	// Bound is the numeric operand, in the key's unit for Bytes and Time.
	Bound float64
	// Text is the string operand.
	Text string
	// Message is Spark's error message for a failed check.
	Message string
	// Pred is a Predicate check's rule: s is the value as written, n its
	// number for numeric types (in the key's unit), t its text as parsed
	// (an enumeration's value after its case transform).
	Pred func(s string, n float64, t string) bool
	// Versions are the releases where the check applies.
	Versions Versions
}

// gt, ge, lt and le build the numeric checks of catalogue rows.
func gt(b float64, msg string) Check { return Check{Kind: Greater, Bound: b, Message: msg} }
func ge(b float64, msg string) Check { return Check{Kind: AtLeast, Bound: b, Message: msg} }
func lt(b float64, msg string) Check { return Check{Kind: Less, Bound: b, Message: msg} }
func le(b float64, msg string) Check { return Check{Kind: AtMost, Bound: b, Message: msg} }

// in restricts a check to a range of releases.
func (c Check) in(r Versions) Check {
	c.Versions = r
	return c
}

package sparkconf

import "slices"

// The SQL rows: SQLConf.scala and StaticSQLConf.scala, 3.0.0 to 4.2.1.
// Spark checks them when the driver builds its SparkSession, which sets
// every SparkConf entry into the session's SQLConf (setConfString runs
// each entry's converter and checkValue), so a value these rows refuse
// fails the job at start. Rows with checks are written here and in
// catalogue_sql_checks.go, catalogue_sql_enums.go and
// catalogue_sql_removed.go; keys whose only rule is their type are in the
// catalogue_sql_typed_*.go tables.
//
// The releases of a rule come from comparing SQLConf.scala at 3.0.0 and
// 3.1.1 (release commits in chrisgehlen-sys/spark), at the branch points
// of 3.2 to 4.0 (the "Setting version to …-SNAPSHOT" commits of master in
// PetarVasiljevic-DB/spark), and at 4.1.1 (darion-yaphet/spark-4.1.1). No
// 4.2 release copy was readable; master's SQLConf.scala of 2026 (4.4
// development, MaxGekk/spark) was read for what 4.2 may have widened:
// where master accepts a value 4.1.1 refuses, the row refuses it only up
// to 4.1.1, and rules master made stricter are left as 4.1 has them.

// sqlCodecKeys are the compression codecs of the file sources, whose lists
// grew release by release.
var sqlCodecKeys = []Key{
	// lz4raw came in 3.5 and was renamed lz4_raw by 4.0,
	// which no longer knows lz4raw. Whether a 3.5 patch release took
	// lz4_raw is not known here, so 3.5 is not refused it.
	{Name: "spark.sql.parquet.compression.codec", Type: TypeEnum, Fold: FoldLower, Since: "1.1.1", Source: srcSQL,
		Values: []string{"none", "uncompressed", "snappy", "gzip", "lzo", "brotli", "lz4", "lz4raw", "lz4_raw", "zstd"},
		Checks: []Check{
			notBefore(until("3.5.0"), "must be one of none, uncompressed, snappy, gzip, lzo, lz4, brotli, zstd", "lz4raw", "lz4_raw"),
			notBefore(since("4.0.0"), "must be one of none, uncompressed, snappy, gzip, lzo, brotli, lz4, lz4_raw, zstd", "lz4raw"),
		}},
	// zstd and lz4 from 3.2, brotli from 4.0.
	{Name: "spark.sql.orc.compression.codec", Type: TypeEnum, Fold: FoldLower, Since: "2.3.0", Source: srcSQL,
		Values: []string{"none", "uncompressed", "snappy", "zlib", "lzo", "zstd", "lz4", "brotli"},
		Checks: []Check{
			notBefore(until("3.2.0"), "must be one of none, uncompressed, snappy, zlib, lzo", "zstd", "lz4", "brotli"),
			notBefore(until("4.0.0"), "must be one of none, uncompressed, snappy, zlib, lzo, zstd, lz4", "brotli"),
		}},
	// Avro's codec has no case transform; zstandard from 3.2.
	{Name: "spark.sql.avro.compression.codec", Type: TypeEnum, Since: "2.4.0", Source: srcSQL,
		Values: []string{"uncompressed", "deflate", "snappy", "bzip2", "xz", "zstandard"},
		Checks: []Check{notBefore(until("3.2.0"), "must be one of uncompressed, deflate, snappy, bzip2, xz", "zstandard")}},
	// 1 to 9, or -1 for the codec's default (Deflater.DEFAULT_COMPRESSION).
	{Name: "spark.sql.avro.deflate.level", Type: TypeInt, Since: "2.4.0", Source: srcSQL,
		Checks: []Check{{Kind: OneOf, Text: "-1,1,2,3,4,5,6,7,8,9", Message: "must be one of -1, 1, 2, 3, 4, 5, 6, 7, 8, 9"}}},
	{Name: "spark.sql.avro.xz.level", Type: TypeInt, Since: "4.0.0", Source: srcSQL,
		Checks: []Check{gt(0, "The value must be in the range of from 1 to 9 inclusive."),
			le(9, "The value must be in the range of from 1 to 9 inclusive.")}},
	{Name: "spark.sql.execution.arrow.compression.codec", Type: TypeEnum, Fold: FoldLower, Since: "4.1.0", Source: srcSQL,
		Values: []string{"none", "zstd", "lz4"}},
}

// sqlTimeZoneKey is spark.sql.session.timeZone, whose checkValue asks
// java.time to resolve the zone; 4.0 reports a failure under the error
// class INVALID_CONF_VALUE.TIME_ZONE.
var sqlTimeZoneKey = Key{Name: "spark.sql.session.timeZone", Type: TypeString, Since: "2.2.0", Source: srcSQL,
	Checks: []Check{
		{Kind: Predicate, Pred: sessionTimeZone, Versions: until("4.0.0"),
			Message: "Cannot resolve the given timezone with ZoneId.of(_, ZoneId.SHORT_IDS)"},
		{Kind: Predicate, Pred: sessionTimeZone, Versions: since("4.0.0"),
			Message: "Cannot resolve the given timezone."},
	}}

// sqlSeqKeys are the .toSequence confs: class names, checked by Spark only
// when it loads them.
var sqlSeqKeys = []Key{
	{Name: "spark.sql.extensions", Type: TypeString, Seq: true, Since: "2.2.0", Source: srcStaticSQL},
	{Name: "spark.sql.queryExecutionListeners", Type: TypeString, Seq: true, Since: "2.3.0", Source: srcStaticSQL},
	{Name: "spark.sql.streaming.streamingQueryListeners", Type: TypeString, Seq: true, Since: "2.4.0", Source: srcStaticSQL},
	{Name: "spark.sql.streaming.ui.enabledCustomMetricList", Type: TypeString, Seq: true, Since: "3.1.0", Source: srcStaticSQL},
	{Name: "spark.sql.extendedExplainProviders", Type: TypeString, Seq: true, Since: "4.0.0", Source: srcSQL},
}

// sqlCatalogue is every SQL key of the catalogue.
var sqlCatalogue = slices.Concat(sqlCodecKeys, []Key{sqlTimeZoneKey}, sqlSeqKeys, sqlEnumKeys,
	sqlCheckedKeys, sqlCheckedKeys2, sqlRemovedKeys,
	sqlTypedOptimizer, sqlTypedSources, sqlTypedStreaming, sqlTypedLegacy, sqlTypedMisc)

package sparkconf

import "testing"

// sqlCodecsCases check the compression codecs of the file sources on both
// sides of the releases that added or renamed a codec (SQLConf.scala).
func sqlCodecsCases() []valueCase {
	const parquet, orc, avro = "spark.sql.parquet.compression.codec", "spark.sql.orc.compression.codec", "spark.sql.avro.compression.codec"
	return []valueCase{
		{name: "parquet zstd any case", spark: "SQLConf PARQUET_COMPRESSION toLowerCase", key: parquet, value: "ZSTD", version: "3.0.0"},
		{name: "parquet lz4_raw before 3.5", spark: "SQLConf 3.4 PARQUET_COMPRESSION", key: parquet, value: "lz4_raw", version: "3.4.1",
			want: `invalid value "lz4_raw": must be one of none, uncompressed, snappy, gzip, lzo, lz4, brotli, zstd (Spark < 3.5.0)`},
		{name: "parquet lz4raw in 3.5", spark: "SPARK-43273", key: parquet, value: "lz4raw", version: "3.5.0"},
		{name: "parquet lz4_raw in 3.5", spark: "SPARK-45484 (3.5 patch unknown: accepted)", key: parquet, value: "lz4_raw", version: "3.5.1"},
		{name: "parquet lz4raw from 4.0", spark: "SQLConf 4.0 PARQUET_COMPRESSION", key: parquet, value: "lz4raw", version: "4.0.0",
			want: `invalid value "lz4raw": must be one of none, uncompressed, snappy, gzip, lzo, brotli, lz4, lz4_raw, zstd (Spark 4.0.0+)`},
		{name: "parquet LZ4_RAW from 4.0", spark: "SQLConf PARQUET_COMPRESSION", key: parquet, value: "LZ4_RAW"},
		{name: "parquet unknown codec", spark: "SQLConf PARQUET_COMPRESSION checkValues", key: parquet, value: "snappy2",
			want: `invalid value "snappy2": must be one of none, uncompressed, snappy, gzip, lzo, brotli, lz4, lz4raw, lz4_raw, zstd`},
		{name: "orc zstd before 3.2", spark: "SQLConf 3.1 ORC_COMPRESSION", key: orc, value: "zstd", version: "3.1.3",
			want: `invalid value "zstd": must be one of none, uncompressed, snappy, zlib, lzo (Spark < 3.2.0)`},
		{name: "orc zstd from 3.2", spark: "SQLConf 3.2 ORC_COMPRESSION", key: orc, value: "ZSTD", version: "3.2.0"},
		{name: "orc lz4 from 3.2", spark: "SQLConf 3.2 ORC_COMPRESSION", key: orc, value: "lz4", version: "3.5.3"},
		{name: "orc brotli before 4.0", spark: "SQLConf 3.5 ORC_COMPRESSION", key: orc, value: "brotli", version: "3.5.3",
			want: `invalid value "brotli": must be one of none, uncompressed, snappy, zlib, lzo, zstd, lz4 (Spark < 4.0.0)`},
		{name: "orc brotli from 4.0", spark: "SPARK-47456", key: orc, value: "brotli", version: "4.0.0"},
		{name: "orc unknown codec", spark: "SQLConf ORC_COMPRESSION checkValues", key: orc, value: "gzip",
			want: `invalid value "gzip": must be one of none, uncompressed, snappy, zlib, lzo, zstd, lz4, brotli`},
		{name: "avro zstandard before 3.2", spark: "SQLConf 3.1 AVRO_COMPRESSION_CODEC", key: avro, value: "zstandard", version: "3.1.1",
			want: `invalid value "zstandard": must be one of uncompressed, deflate, snappy, bzip2, xz (Spark < 3.2.0)`},
		{name: "avro zstandard from 3.2", spark: "SPARK-34479", key: avro, value: "zstandard", version: "3.2.0"},
		{name: "avro codec is case-sensitive", spark: "SQLConf AVRO_COMPRESSION_CODEC no transform", key: avro, value: "SNAPPY",
			want: `invalid value "SNAPPY": must be one of uncompressed, deflate, snappy, bzip2, xz, zstandard (case-sensitive)`},
		{name: "avro deflate default level", spark: "SQLConf AVRO_DEFLATE_LEVEL", key: "spark.sql.avro.deflate.level", value: "-1"},
		{name: "avro deflate level 9", spark: "SQLConf AVRO_DEFLATE_LEVEL", key: "spark.sql.avro.deflate.level", value: "9"},
		{name: "avro deflate level 0", spark: "SQLConf AVRO_DEFLATE_LEVEL checkValues", key: "spark.sql.avro.deflate.level", value: "0",
			want: `invalid value "0": must be one of -1, 1, 2, 3, 4, 5, 6, 7, 8, 9`},
		{name: "avro xz level 10", spark: "SQLConf AVRO_XZ_LEVEL", key: "spark.sql.avro.xz.level", value: "10",
			want: `invalid value "10": The value must be in the range of from 1 to 9 inclusive.`},
		{name: "avro xz level 0", spark: "SQLConf AVRO_XZ_LEVEL", key: "spark.sql.avro.xz.level", value: "0",
			want: `invalid value "0": The value must be in the range of from 1 to 9 inclusive.`},
		{name: "avro xz level 1", spark: "SQLConf AVRO_XZ_LEVEL", key: "spark.sql.avro.xz.level", value: "1"},
		{name: "arrow codec", spark: "SQLConf ARROW_EXECUTION_COMPRESSION_CODEC", key: "spark.sql.execution.arrow.compression.codec", value: "LZ4"},
		{name: "arrow codec unknown", spark: "SQLConf ARROW_EXECUTION_COMPRESSION_CODEC", key: "spark.sql.execution.arrow.compression.codec",
			value: "snappy", want: `invalid value "snappy": must be one of none, zstd, lz4`},
	}
}

// TestSQLCodecs runs sqlCodecsCases.
func TestSQLCodecs(t *testing.T) { runValueCases(t, sqlCodecsCases()) }

// sqlEnumsCases check SQLConf's enumerations: case folding, and the case
// rule that changed when 4.1 made them enumConfs.
func sqlEnumsCases() []valueCase {
	return []valueCase{
		{name: "overwrite mode lower case", spark: "SQLConf PARTITION_OVERWRITE_MODE", key: "spark.sql.sources.partitionOverwriteMode", value: "dynamic", version: "3.0.0"},
		{name: "overwrite mode unknown", spark: "SQLConf PARTITION_OVERWRITE_MODE", key: "spark.sql.sources.partitionOverwriteMode", value: "append",
			want: `invalid value "append": must be one of STATIC, DYNAMIC`},
		{name: "time parser policy", spark: "SQLConf LEGACY_TIME_PARSER_POLICY", key: "spark.sql.legacy.timeParserPolicy", value: "Legacy"},
		{name: "time parser policy unknown", spark: "SQLConf LEGACY_TIME_PARSER_POLICY", key: "spark.sql.legacy.timeParserPolicy", value: "strict",
			want: `invalid value "strict": must be one of EXCEPTION, LEGACY, CORRECTED`},
		{name: "catalog in-memory", spark: "StaticSQLConf CATALOG_IMPLEMENTATION", key: "spark.sql.catalogImplementation", value: "in-memory"},
		{name: "catalog is case-sensitive", spark: "StaticSQLConf CATALOG_IMPLEMENTATION", key: "spark.sql.catalogImplementation", value: "Hive",
			want: `invalid value "Hive": must be one of hive, in-memory (case-sensitive)`},
		{name: "codegen mode case before 4.1", spark: "SQLConf 4.0 CODEGEN_FACTORY_MODE", key: "spark.sql.codegen.factoryMode", value: "fallback", version: "4.0.0",
			want: `invalid value "fallback": must be one of FALLBACK, CODEGEN_ONLY, NO_CODEGEN (case-sensitive) (Spark < 4.1.0)`},
		{name: "codegen mode any case from 4.1", spark: "SQLConf 4.1 enumConf", key: "spark.sql.codegen.factoryMode", value: "fallback", version: "4.1.0"},
		{name: "codegen mode exact before 4.1", spark: "SQLConf CODEGEN_FACTORY_MODE", key: "spark.sql.codegen.factoryMode", value: "NO_CODEGEN", version: "3.0.0"},
		{name: "store assignment", spark: "SQLConf STORE_ASSIGNMENT_POLICY", key: "spark.sql.storeAssignmentPolicy", value: "strict"},
		{name: "map key dedup", spark: "SQLConf MAP_KEY_DEDUP_POLICY", key: "spark.sql.mapKeyDedupPolicy", value: "last_win"},
		{name: "timestamp type", spark: "SQLConf TIMESTAMP_TYPE", key: "spark.sql.timestampType", value: "timestamp_ntz"},
		{name: "parquet timestamp type", spark: "SQLConf PARQUET_OUTPUT_TIMESTAMP_TYPE", key: "spark.sql.parquet.outputTimestampType",
			value: "TIMESTAMP_NANOS", want: `invalid value "TIMESTAMP_NANOS": must be one of INT96, TIMESTAMP_MICROS, TIMESTAMP_MILLIS`},
		{name: "binary output UTF-8", spark: "SQLConf BinaryOutputStyle", key: "spark.sql.binaryOutputStyle", value: "utf-8"},
		{name: "cache storage level", spark: "StorageLevelMapper", key: "spark.sql.defaultCacheStorageLevel", value: "disk_only_2"},
		{name: "explain mode", spark: "SQLConf UI_EXPLAIN_MODE", key: "spark.sql.ui.explainMode", value: "extended"},
		{name: "explain mode none up to 4.1.1", spark: "SQLConf 4.1 UI_EXPLAIN_MODE", key: "spark.sql.ui.explainMode", value: "none", version: "4.1.1",
			want: `invalid value "none": must be one of SIMPLE, EXTENDED, CODEGEN, COST, FORMATTED (Spark < 4.1.2)`},
		{name: "explain mode none after 4.1.1", spark: "SQLConf master UI_EXPLAIN_MODE", key: "spark.sql.ui.explainMode", value: "none"},
		{name: "error format debug up to 4.1.1", spark: "SparkThrowableHelper 4.1 ErrorMessageFormat", key: "spark.sql.error.messageFormat", value: "debug",
			version: "4.0.0", want: `invalid value "debug": must be one of PRETTY, MINIMAL, STANDARD (Spark < 4.1.2)`},
		{name: "error format debug after 4.1.1", spark: "SparkThrowableHelper master ErrorMessageFormat", key: "spark.sql.error.messageFormat", value: "DEBUG"},
		{name: "log level", spark: "SQLConf ADAPTIVE_EXECUTION_LOG_LEVEL", key: "spark.sql.adaptive.logLevel", value: "fatal",
			want: `invalid value "fatal": must be one of TRACE, DEBUG, INFO, WARN, ERROR`},
		{name: "watermark policy", spark: "SQLConf STREAMING_MULTIPLE_WATERMARK_POLICY", key: "spark.sql.streaming.multipleWatermarkPolicy", value: "MAX"},
		{name: "struct handling is case-sensitive", spark: "SQLConf PANDAS_STRUCT_HANDLING_MODE", key: "spark.sql.execution.pandas.structHandlingMode",
			value: "Row", want: `invalid value "Row": must be one of legacy, row, dict (case-sensitive)`},
		{name: "rebase mode from 3.2", spark: "SQLConf PARQUET_REBASE_MODE_IN_WRITE", key: "spark.sql.parquet.datetimeRebaseModeInWrite", value: "legacy", version: "3.2.0"},
		{name: "error format", spark: "SQLConf ERROR_MESSAGE_FORMAT", key: "spark.sql.error.messageFormat", value: "json",
			want: `invalid value "json": must be one of PRETTY, MINIMAL, STANDARD, DEBUG`},
	}
}

// TestSQLEnums runs sqlEnumsCases.
func TestSQLEnums(t *testing.T) { runValueCases(t, sqlEnumsCases()) }

// sqlTimeZoneCases check spark.sql.session.timeZone as ZoneId.of reads
// it: an unknown region is accepted, since the tz database is the JVM's.
func sqlTimeZoneCases() []valueCase {
	const tz = "spark.sql.session.timeZone"
	ok := []string{"UTC", "America/Los_Angeles", "Etc/GMT+5", "+08:00", "-0530", "+8:00", "+08:3", "Z", "GMT", "GMT+8",
		"UTC-05:30", "UT+01", "EST", "CTT", "GMT0", "+18:00", "-18", "+01:02:03", "Europe/Kyiv"}
	var cases []valueCase
	for _, v := range ok {
		cases = append(cases, valueCase{name: "accepts " + v, spark: "ZoneId.of(_, SHORT_IDS)", key: tz, value: v})
	}
	bad := []string{"", "+19:00", "America/New York", "GMT+25", "+08:60", "123", "1UTC", "+0800:", "UTC+", "_Europe"}
	for _, v := range bad {
		cases = append(cases, valueCase{name: "refuses " + v, spark: "SQLConf.isValidTimezone", key: tz, value: v,
			want: `invalid value "` + v + `": Cannot resolve the given timezone. (Spark 4.0.0+)`})
	}
	cases = append(cases, valueCase{name: "3.x message", spark: "SQLConf 3.5 SESSION_LOCAL_TIMEZONE", key: tz, value: "+19:00", version: "3.5.1",
		want: `invalid value "+19:00": Cannot resolve the given timezone with ZoneId.of(_, ZoneId.SHORT_IDS) (Spark < 4.0.0)`})
	return cases
}

// TestSQLTimeZone runs sqlTimeZoneCases.
func TestSQLTimeZone(t *testing.T) { runValueCases(t, sqlTimeZoneCases()) }

// TestWidenZoneOffset checks the rewriting of pre-3.0 offsets.
func TestWidenZoneOffset(t *testing.T) {
	for in, want := range map[string]string{"+8:00": "+08:00", "GMT-5:30": "GMT-05:30", "+08:3": "+08:03", "-8:3": "-08:03", "UTC": "UTC"} {
		if got := widenZoneOffset(in); got != want {
			t.Errorf("widenZoneOffset(%q) = %q, want %q", in, got, want)
		}
	}
}

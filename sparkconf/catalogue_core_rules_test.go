package sparkconf

import (
	"strings"
	"testing"
)

// coreRuntimeCases cover the rules of coreRuntimeKeys, coreSchedulerKeys and
// uiNetworkKeys.
var coreRuntimeCases = []valueCase{
	{name: "process rate multiplier zero", spark: "package.scala SPECULATION_EFFICIENCY_TASK_PROCESS_RATE_MULTIPLIER", key: "spark.speculation.efficiency.processRateMultiplier",
		value: "0", version: "3.4+", want: `invalid value "0": multiplier must be in (0.0, 1.0]`},
	{name: "process rate multiplier above one", spark: "package.scala SPECULATION_EFFICIENCY_TASK_PROCESS_RATE_MULTIPLIER", key: "spark.speculation.efficiency.processRateMultiplier",
		value: "1.5", version: "3.4+", want: `invalid value "1.5": multiplier must be in (0.0, 1.0]`},
	{name: "process rate multiplier one", spark: "package.scala SPECULATION_EFFICIENCY_TASK_PROCESS_RATE_MULTIPLIER", key: "spark.speculation.efficiency.processRateMultiplier", value: "1.0", version: "3.4+"},
	{name: "long run factor below one", spark: "package.scala SPECULATION_EFFICIENCY_TASK_DURATION_FACTOR", key: "spark.speculation.efficiency.longRunTaskFactor",
		value: "0.5", version: "3.4+", want: `invalid value "0.5": Duration factor must be >= 1.0`},
	{name: "long run factor", spark: "package.scala SPECULATION_EFFICIENCY_TASK_DURATION_FACTOR", key: "spark.speculation.efficiency.longRunTaskFactor", value: "1", version: "3.4+"},
	{name: "event queue capacity zero", spark: "package.scala LISTENER_BUS_EVENT_QUEUE_CAPACITY", key: "spark.scheduler.listenerbus.eventqueue.capacity",
		value: "0", version: "3.0+", want: `invalid value "0": The capacity of listener bus event queue must be positive`},
	{name: "event queue capacity", spark: "package.scala LISTENER_BUS_EVENT_QUEUE_CAPACITY", key: "spark.scheduler.listenerbus.eventqueue.capacity", value: "20000", version: "3.0+"},
	{name: "scheduler mode any case", spark: "TaskSchedulerImpl SchedulingMode.withName", key: "spark.scheduler.mode", value: "Fair", version: "3.0+"},
	{name: "scheduler mode unknown", spark: "TaskSchedulerImpl SchedulingMode.withName", key: "spark.scheduler.mode", value: "random", version: "3.0+",
		want: `invalid value "random": must be one of FAIR, FIFO, NONE`},
	{name: "kerberos renewal is case-sensitive", spark: "package.scala KERBEROS_RENEWAL_CREDENTIALS checkValues", key: "spark.kerberos.renewal.credentials",
		value: "KEYTAB", version: "3.0+", want: `invalid value "KEYTAB": must be one of keytab, ccache (case-sensitive)`},
	{name: "kerberos renewal ccache", spark: "package.scala KERBEROS_RENEWAL_CREDENTIALS", key: "spark.kerberos.renewal.credentials", value: "ccache", version: "3.0+"},
	{name: "key size 256", spark: "package.scala IO_ENCRYPTION_KEY_SIZE_BITS", key: "spark.io.encryption.keySizeBits", value: "256", version: "3.0+"},
	{name: "shuffle file buffer zero", spark: "package.scala SHUFFLE_FILE_BUFFER_SIZE", key: "spark.shuffle.file.buffer", value: "0", version: "3.0+",
		want: `invalid value "0": The file buffer size must be positive and less than or equal to 2097151.`},
	{name: "shuffle file buffer of 2g", spark: "package.scala SHUFFLE_FILE_BUFFER_SIZE", key: "spark.shuffle.file.buffer", value: "2g", version: "3.0+",
		want: `invalid value "2g": The file buffer size must be positive and less than or equal to 2097151.`},
	{name: "shuffle file buffer of 1m", spark: "package.scala SHUFFLE_FILE_BUFFER_SIZE", key: "spark.shuffle.file.buffer", value: "1m", version: "3.0+"},
	{name: "blocks in flight zero", spark: "package.scala REDUCER_MAX_BLOCKS_IN_FLIGHT_PER_ADDRESS", key: "spark.reducer.maxBlocksInFlightPerAddress",
		value: "0", version: "3.0+", want: `invalid value "0": The max no. of blocks in flight cannot be non-positive.`},
	{name: "fetch to memory of 2g", spark: "package.scala MAX_REMOTE_BLOCK_SIZE_FETCH_TO_MEM", key: "spark.network.maxRemoteBlockSizeFetchToMem",
		value: "2g", version: "3.0+", want: `invalid value "2g": maxRemoteBlockSizeFetchToMem cannot be larger than (Int.MaxValue - 512) bytes.`},
	{name: "fetch to memory of 200m", spark: "package.scala MAX_REMOTE_BLOCK_SIZE_FETCH_TO_MEM", key: "spark.network.maxRemoteBlockSizeFetchToMem", value: "200m", version: "3.0+"},
	{name: "zstd workers negative", spark: "package.scala IO_COMPRESSION_ZSTD_WORKERS", key: "spark.io.compression.zstd.workers",
		value: "-1", version: "4.0+", want: `invalid value "-1": The number of workers must not be negative.`},
	{name: "zstd workers", spark: "package.scala IO_COMPRESSION_ZSTD_WORKERS", key: "spark.io.compression.zstd.workers", value: "4", version: "4.0+"},
	{name: "listener bus exit timeout negative", spark: "package.scala LISTENER_BUS_EXIT_TIMEOUT", key: "spark.scheduler.listenerbus.exitTimeout",
		value: "-1ms", version: "4.0+", want: `invalid value "-1ms": Listener bus exit timeout must be non-negative duration`},
	{name: "listener bus exit timeout", spark: "package.scala LISTENER_BUS_EXIT_TIMEOUT", key: "spark.scheduler.listenerbus.exitTimeout", value: "10s", version: "4.0+"},
	{name: "cancelled job groups zero", spark: "package.scala NUM_CANCELLED_JOB_GROUPS_TO_TRACK", key: "spark.scheduler.numCancelledJobGroupsToTrack",
		value: "0", version: "4.0+", want: `invalid value "0": The size of the set should be a positive value.`},
	{name: "removed decommission executors negative", spark: "package.scala SCHEDULER_MAX_RETAINED_REMOVED_EXECUTORS",
		key: "spark.scheduler.maxRetainedRemovedDecommissionExecutors", value: "-1", version: "3.4+", want: `invalid value "-1": needs to be a non-negative value`},
	{name: "unknown decommission executors negative", spark: "package.scala SCHEDULER_MAX_RETAINED_UNKNOWN_EXECUTORS",
		key: "spark.scheduler.maxRetainedUnknownDecommissionExecutors", value: "-1", version: "3.5+", want: `invalid value "-1": needs to be a non-negative value`},
	{name: "unknown decommission executors", spark: "package.scala SCHEDULER_MAX_RETAINED_UNKNOWN_EXECUTORS",
		key: "spark.scheduler.maxRetainedUnknownDecommissionExecutors", value: "10", version: "3.5+"},
	{name: "barrier check failures zero", spark: "package.scala BARRIER_MAX_CONCURRENT_TASKS_CHECK_MAX_FAILURES", key: "spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures",
		value: "0", version: "3.0+", want: `invalid value "0": The max failures should be a positive value.`},
	{name: "barrier sync timeout zero", spark: "package.scala BARRIER_SYNC_TIMEOUT", key: "spark.barrier.sync.timeout",
		value: "0s", version: "3.0+", want: `invalid value "0s": The value should be a positive time value.`},
	{name: "barrier sync timeout", spark: "package.scala BARRIER_SYNC_TIMEOUT", key: "spark.barrier.sync.timeout", value: "1h", version: "3.0+"},
	{name: "unschedulable timeout negative", spark: "package.scala UNSCHEDULABLE_TASKSET_TIMEOUT", key: "spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout",
		value: "-1s", version: "3.1+", want: `invalid value "-1s": The value should be a non negative time value.`},
	{name: "key size 512", spark: "package.scala IO_ENCRYPTION_KEY_SIZE_BITS checkValues", key: "spark.io.encryption.keySizeBits",
		value: "512", version: "3.0+", want: `invalid value "512": must be one of 128, 192, 256`},
	{name: "blocks in flight", spark: "package.scala REDUCER_MAX_BLOCKS_IN_FLIGHT_PER_ADDRESS", key: "spark.reducer.maxBlocksInFlightPerAddress", value: "100", version: "3.0+"},
	{name: "cancelled job groups", spark: "package.scala NUM_CANCELLED_JOB_GROUPS_TO_TRACK", key: "spark.scheduler.numCancelledJobGroupsToTrack", value: "10", version: "4.0+"},
	{name: "removed decommission executors", spark: "package.scala SCHEDULER_MAX_RETAINED_REMOVED_EXECUTORS",
		key: "spark.scheduler.maxRetainedRemovedDecommissionExecutors", value: "0", version: "3.4+"},
	{name: "barrier check failures", spark: "package.scala BARRIER_MAX_CONCURRENT_TASKS_CHECK_MAX_FAILURES", key: "spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", value: "10", version: "3.0+"},
	{name: "unschedulable timeout zero", spark: "package.scala UNSCHEDULABLE_TASKSET_TIMEOUT", key: "spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout", value: "0", version: "3.1+"},
	{name: "reverse proxy URL with proxy", spark: "UI.scala UI_REVERSE_PROXY_URL", key: "spark.ui.reverseProxyUrl", value: "https://gw/history", version: "3.0+",
		want: `invalid value "https://gw/history": Cannot use the keyword 'proxy' or 'history' in reverse proxy URL. Spark UI relies on both keywords for getting REST API endpoints from URIs.`},
	{name: "locality wait of a node in ms", spark: "package.scala LOCALITY_WAIT_NODE fallbackConf", key: "spark.locality.wait.node", value: "500", version: "3.0+"},
	{name: "reverse proxy URL without keywords", spark: "UI.scala UI_REVERSE_PROXY_URL", key: "spark.ui.reverseProxyUrl", value: "https://gw/spark/app", version: "3.0+"},
	{name: "ask timeout not a duration", spark: "RpcUtils.askRpcTimeout getTimeAsSeconds", key: "spark.rpc.askTimeout", value: "2 minutes", version: "3.0+",
		want: `invalid duration "2 minutes": expected a whole number with an optional unit suffix; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)`},
	{name: "ask timeout in seconds", spark: "RpcUtils.askRpcTimeout", key: "spark.rpc.askTimeout", value: "300", version: "3.0+"},
	{name: "message size above 2047 MiB", spark: "RpcUtils.maxMessageSizeBytes", key: "spark.rpc.message.maxSize", value: "2048", version: "3.0+",
		want: `invalid value "2048": spark.rpc.message.maxSize should not be greater than 2047 MB`},
	{name: "message size of 512 MiB", spark: "RpcUtils.maxMessageSizeBytes", key: "spark.rpc.message.maxSize", value: "512", version: "3.0+"},
	{name: "lookup timeout", spark: "RpcUtils.lookupRpcTimeout", key: "spark.rpc.lookupTimeout", value: "120s", version: "3.0+"},
}

// coreDataCases cover the rules of coreShuffleKeys, coreStorageKeys,
// coreIOKeys and coreMiscKeys.
var coreDataCases = []valueCase{
	{name: "unsafe output buffer zero", spark: "package.scala SHUFFLE_UNSAFE_FILE_OUTPUT_BUFFER_SIZE", key: "spark.shuffle.unsafe.file.output.buffer",
		value: "0", version: "3.0+", want: `invalid value "0": The buffer size must be positive and less than or equal to 2097151.`},
	{name: "unsafe output buffer", spark: "package.scala SHUFFLE_UNSAFE_FILE_OUTPUT_BUFFER_SIZE", key: "spark.shuffle.unsafe.file.output.buffer", value: "64k", version: "3.0+"},
	{name: "local disk output buffer", spark: "package.scala SHUFFLE_LOCAL_DISK_FILE_OUTPUT_BUFFER_SIZE", key: "spark.shuffle.localDisk.file.output.buffer", value: "1m", version: "4.0+"},
	{name: "sort buffer", spark: "package.scala SHUFFLE_SORT_INIT_BUFFER_SIZE", key: "spark.shuffle.sort.initialBufferSize", value: "4096", version: "3.0+"},
	{name: "merge buffer of 4g", spark: "package.scala SHUFFLE_FILE_MERGE_BUFFER_SIZE fallbackConf", key: "spark.shuffle.file.merge.buffer",
		value: "4g", version: "4.0+", want: `invalid value "4g": The file buffer size must be positive and less than or equal to 2097151.`},
	{name: "merge buffer", spark: "package.scala SHUFFLE_FILE_MERGE_BUFFER_SIZE", key: "spark.shuffle.file.merge.buffer", value: "64k", version: "4.0+"},
	{name: "local disk output buffer zero", spark: "package.scala SHUFFLE_LOCAL_DISK_FILE_OUTPUT_BUFFER_SIZE fallbackConf", key: "spark.shuffle.localDisk.file.output.buffer",
		value: "0", version: "4.0+", want: `invalid value "0": The buffer size must be positive and less than or equal to 2097151.`},
	{name: "disk write buffer of 12", spark: "package.scala SHUFFLE_DISK_WRITE_BUFFER_SIZE", key: "spark.shuffle.spill.diskWriteBufferSize",
		value: "12", version: "3.0+", want: `invalid value "12": The buffer size must be greater than 12 and less than or equal to 2147483632.`},
	{name: "disk write buffer of 13", spark: "package.scala SHUFFLE_DISK_WRITE_BUFFER_SIZE", key: "spark.shuffle.spill.diskWriteBufferSize", value: "13", version: "3.0+"},
	{name: "spill size threshold zero", spark: "package.scala SHUFFLE_SPILL_MAX_SIZE_FORCE_SPILL_THRESHOLD", key: "spark.shuffle.spill.maxSizeInBytesForSpillThreshold",
		value: "0", version: "4.1+", want: `invalid value "0": The threshold should be positive.`},
	{name: "sort buffer zero", spark: "package.scala SHUFFLE_SORT_INIT_BUFFER_SIZE", key: "spark.shuffle.sort.initialBufferSize",
		value: "0", version: "3.0+", want: `invalid value "0": The buffer size must be greater than 0 and less than or equal to 2147483647.`},
	{name: "sort buffer of 3g", spark: "package.scala SHUFFLE_SORT_INIT_BUFFER_SIZE", key: "spark.shuffle.sort.initialBufferSize",
		value: "3g", version: "3.0+", want: `invalid value "3g": The buffer size must be greater than 0 and less than or equal to 2147483647.`},
	{name: "skewed blocks zero", spark: "package.scala SHUFFLE_MAX_ACCURATE_SKEWED_BLOCK_NUMBER", key: "spark.shuffle.maxAccurateSkewedBlockNumber",
		value: "0", version: "3.3+", want: `invalid value "0": Allowed max accurate skewed block number must be positive.`},
	{name: "highly compress partitions zero", spark: "package.scala SHUFFLE_MIN_NUM_PARTS_TO_HIGHLY_COMPRESS", key: "spark.shuffle.minNumPartitionsToHighlyCompress",
		value: "0", version: "3.0+", want: `invalid value "0": The value should be a positive integer.`},
	{name: "aggregation threshold zero", spark: "package.scala SHUFFLE_MAP_OUTPUT_PARALLEL_AGGREGATION_THRESHOLD", key: "spark.shuffle.mapOutput.parallelAggregationThreshold",
		value: "0", version: "3.0+", want: `invalid value "0": The threshold should be positive.`},
	{name: "checksum CRC32C before 4.0", spark: "package.scala SHUFFLE_CHECKSUM_ALGORITHM checkValue", key: "spark.shuffle.checksum.algorithm",
		value: "crc32c", version: "3.5.1", want: `invalid value "crc32c": Shuffle checksum algorithm should be either ADLER32 or CRC32. (Spark < 4.0.0)`},
	{name: "checksum CRC32C from 4.0", spark: "SPARK-49459", key: "spark.shuffle.checksum.algorithm", value: "crc32c", version: "4.0.0"},
	{name: "checksum crc32 from 3.2", spark: "package.scala SHUFFLE_CHECKSUM_ALGORITHM", key: "spark.shuffle.checksum.algorithm", value: "crc32", version: "3.2+"},
	{name: "checksum MD5 from 4.0", spark: "package.scala SHUFFLE_CHECKSUM_ALGORITHM checkValues", key: "spark.shuffle.checksum.algorithm",
		value: "md5", version: "4.0+", want: `invalid value "md5": must be one of ADLER32, CRC32, CRC32C (Spark 4.0.0+)`},
	{name: "push results timeout negative", spark: "package.scala PUSH_BASED_SHUFFLE_MERGE_RESULTS_TIMEOUT", key: "spark.shuffle.push.results.timeout",
		value: "-1s", version: "3.2+", want: `invalid value "-1s": Timeout must be >= 0.`},
	{name: "push finalize timeout negative", spark: "package.scala PUSH_BASED_SHUFFLE_MERGE_FINALIZE_TIMEOUT", key: "spark.shuffle.push.finalize.timeout",
		value: "-1s", version: "3.2+", want: `invalid value "-1s": Timeout must be >= 0.`},
	{name: "push finalize timeout", spark: "package.scala PUSH_BASED_SHUFFLE_MERGE_FINALIZE_TIMEOUT", key: "spark.shuffle.push.finalize.timeout", value: "30s", version: "3.2+"},
	{name: "spill reader buffer of 512k", spark: "package.scala UNSAFE_SORTER_SPILL_READER_BUFFER_SIZE", key: "spark.unsafe.sorter.spill.reader.buffer.size",
		value: "512k", version: "3.0+", want: `invalid value "512k": The value must be in allowed range [1,048,576, 16777216].`},
	{name: "spill reader buffer of 32m", spark: "package.scala UNSAFE_SORTER_SPILL_READER_BUFFER_SIZE", key: "spark.unsafe.sorter.spill.reader.buffer.size",
		value: "32m", version: "3.0+", want: `invalid value "32m": The value must be in allowed range [1,048,576, 16777216].`},
	{name: "spill reader buffer of 16m", spark: "package.scala UNSAFE_SORTER_SPILL_READER_BUFFER_SIZE", key: "spark.unsafe.sorter.spill.reader.buffer.size", value: "16m", version: "3.0+"},
	{name: "merge factor one", spark: "package.scala UNSAFE_SORTER_SPILL_MERGE_FACTOR", key: "spark.unsafe.sorter.spill.merge.factor",
		value: "1", version: "4.2+", want: `invalid value "1": The merge factor must be -1 (disabled) or at least 2.`},
	{name: "merge factor disabled", spark: "package.scala UNSAFE_SORTER_SPILL_MERGE_FACTOR", key: "spark.unsafe.sorter.spill.merge.factor", value: "-1", version: "4.2+"},
	{name: "shuffle manager wait zero", spark: "package.scala STORAGE_SHUFFLE_MANAGER_INIT_WAITING_TIMEOUT", key: "spark.storage.shuffleManager.initWaitingTimeout",
		value: "0", version: "4.2+", want: `invalid value "0": Timeout should be positive.`},
	{name: "disk store subdirectories zero", spark: "package.scala DISKSTORE_SUB_DIRECTORIES", key: "spark.diskStore.subDirectories",
		value: "0", version: "3.0+", want: `invalid value "0": The number of subdirectories must be positive.`},
	{name: "migration threads zero", spark: "package.scala STORAGE_DECOMMISSION_SHUFFLE_MAX_THREADS", key: "spark.storage.decommission.shuffleBlocks.maxThreads",
		value: "0", version: "3.1+", want: `invalid value "0": The maximum number of threads should be positive`},
	{name: "replication reattempt zero", spark: "package.scala STORAGE_DECOMMISSION_REPLICATION_REATTEMPT_INTERVAL", key: "spark.storage.decommission.replicationReattemptInterval",
		value: "0s", version: "3.1+", want: `invalid value "0s": Time interval between two consecutive attempts of cache block replication should be positive.`},
	{name: "fallback storage path", spark: "package.scala STORAGE_DECOMMISSION_FALLBACK_STORAGE_PATH", key: "spark.storage.decommission.fallbackStorage.path", value: "s3a://bucket/spark/", version: "3.1+"},
	{name: "buffer size negative", spark: "package.scala BUFFER_SIZE", key: "spark.buffer.size", value: "-1", version: "3.0+",
		want: `invalid value "-1": The buffer size must not be negative`},
	{name: "write chunk of 3g", spark: "package.scala BUFFER_WRITE_CHUNK_SIZE", key: "spark.buffer.write.chunkSize", value: "3g", version: "3.0+",
		want: `invalid value "3g": The chunk size during writing out the bytes of ChunkedByteBuffer should be less than or equal to 2147483632.`},
	{name: "UDF compression threshold negative", spark: "package.scala BROADCAST_FOR_UDF_COMPRESSION_THRESHOLD", key: "spark.broadcast.UDFCompressionThreshold",
		value: "-1", version: "3.0+", want: `invalid value "-1": The threshold should be non-negative.`},
	{name: "limit partitions zero", spark: "package.scala RDD_LIMIT_INITIAL_NUM_PARTITIONS", key: "spark.rdd.limit.initialNumPartitions",
		value: "0", version: "3.4+", want: `invalid value "0": value should be positive`},
	{name: "preferred locations expiry zero", spark: "package.scala CACHE_CHECKPOINT_PREFERRED_LOCS_EXPIRE_TIME", key: "spark.rdd.checkpoint.cachePreferredLocsExpireTime",
		value: "0", version: "3.0+", want: `invalid value "0": The expire time for caching preferred locations cannot be non-positive.`},
	{name: "event log file of 5m before 4.1", spark: "package.scala EVENT_LOG_ROLLING_MAX_FILE_SIZE", key: "spark.eventLog.rolling.maxFileSize",
		value: "5m", version: "4.0.1", want: `invalid value "5m": Max file size of event log should be configured to be at least 10 MiB. (Spark < 4.1.0)`},
	{name: "event log file of 5m from 4.1", spark: "SPARK-52456", key: "spark.eventLog.rolling.maxFileSize", value: "5m", version: "4.1.0"},
	{name: "event log file of 10m", spark: "package.scala EVENT_LOG_ROLLING_MAX_FILE_SIZE", key: "spark.eventLog.rolling.maxFileSize", value: "10m", version: "3.0+"},
	{name: "streaming min executors zero", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_MIN_EXECUTORS", key: "spark.streaming.dynamicAllocation.minExecutors",
		value: "0", version: "3.0+", want: `invalid value "0": The min executor number of streaming dynamic allocation must be positive.`},
	{name: "streaming max executors zero", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_MAX_EXECUTORS", key: "spark.streaming.dynamicAllocation.maxExecutors",
		value: "0", version: "3.0+", want: `invalid value "0": The max executor number of streaming dynamic allocation must be positive.`},
	{name: "streaming scaling interval zero", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_SCALING_INTERVAL", key: "spark.streaming.dynamicAllocation.scalingInterval",
		value: "0s", version: "3.0+", want: `invalid value "0s": The scaling interval of streaming dynamic allocation must be positive.`},
	{name: "streaming scaling up zero", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_SCALING_UP_RATIO", key: "spark.streaming.dynamicAllocation.scalingUpRatio",
		value: "0", version: "3.0+", want: `invalid value "0": The scaling up ratio of streaming dynamic allocation must be positive.`},
	{name: "streaming scaling down negative", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_SCALING_DOWN_RATIO", key: "spark.streaming.dynamicAllocation.scalingDownRatio",
		value: "-0.1", version: "3.0+", want: `invalid value "-0.1": The scaling down ratio of streaming dynamic allocation must be positive.`},
	{name: "spill size threshold", spark: "package.scala SHUFFLE_SPILL_MAX_SIZE_FORCE_SPILL_THRESHOLD", key: "spark.shuffle.spill.maxSizeInBytesForSpillThreshold", value: "1g", version: "4.1+"},
	{name: "skewed blocks", spark: "package.scala SHUFFLE_MAX_ACCURATE_SKEWED_BLOCK_NUMBER", key: "spark.shuffle.maxAccurateSkewedBlockNumber", value: "100", version: "3.3+"},
	{name: "highly compress partitions", spark: "package.scala SHUFFLE_MIN_NUM_PARTS_TO_HIGHLY_COMPRESS", key: "spark.shuffle.minNumPartitionsToHighlyCompress", value: "2000", version: "3.0+"},
	{name: "aggregation threshold", spark: "package.scala SHUFFLE_MAP_OUTPUT_PARALLEL_AGGREGATION_THRESHOLD", key: "spark.shuffle.mapOutput.parallelAggregationThreshold", value: "10000000", version: "3.0+"},
	{name: "push results timeout zero", spark: "package.scala PUSH_BASED_SHUFFLE_MERGE_RESULTS_TIMEOUT", key: "spark.shuffle.push.results.timeout", value: "0", version: "3.2+"},
	{name: "shuffle manager wait", spark: "package.scala STORAGE_SHUFFLE_MANAGER_INIT_WAITING_TIMEOUT", key: "spark.storage.shuffleManager.initWaitingTimeout", value: "30s", version: "4.2+"},
	{name: "disk store subdirectories", spark: "package.scala DISKSTORE_SUB_DIRECTORIES", key: "spark.diskStore.subDirectories", value: "64", version: "3.0+"},
	{name: "migration threads", spark: "package.scala STORAGE_DECOMMISSION_SHUFFLE_MAX_THREADS", key: "spark.storage.decommission.shuffleBlocks.maxThreads", value: "8", version: "3.1+"},
	{name: "replication reattempt", spark: "package.scala STORAGE_DECOMMISSION_REPLICATION_REATTEMPT_INTERVAL", key: "spark.storage.decommission.replicationReattemptInterval", value: "30s", version: "3.1+"},
	{name: "fallback storage path without separator", spark: "package.scala STORAGE_DECOMMISSION_FALLBACK_STORAGE_PATH", key: "spark.storage.decommission.fallbackStorage.path",
		value: "s3a://bucket/spark", version: "3.1+", want: `invalid value "s3a://bucket/spark": Path should end with separator.`},
	{name: "buffer size", spark: "package.scala BUFFER_SIZE", key: "spark.buffer.size", value: "65536", version: "3.0+"},
	{name: "write chunk", spark: "package.scala BUFFER_WRITE_CHUNK_SIZE", key: "spark.buffer.write.chunkSize", value: "64m", version: "3.0+"},
	{name: "UDF compression threshold", spark: "package.scala BROADCAST_FOR_UDF_COMPRESSION_THRESHOLD", key: "spark.broadcast.UDFCompressionThreshold", value: "0", version: "3.0+"},
	{name: "limit partitions", spark: "package.scala RDD_LIMIT_INITIAL_NUM_PARTITIONS", key: "spark.rdd.limit.initialNumPartitions", value: "4", version: "3.4+"},
	{name: "preferred locations expiry", spark: "package.scala CACHE_CHECKPOINT_PREFERRED_LOCS_EXPIRE_TIME", key: "spark.rdd.checkpoint.cachePreferredLocsExpireTime", value: "10", version: "3.0+"},
	{name: "event log file of 1m from 4.1", spark: "SPARK-52456", key: "spark.eventLog.rolling.maxFileSize", value: "1m", version: "4.1+",
		want: `invalid value "1m": Max file size of event log should be configured to be at least 2 MiB. (Spark 4.1.0+)`},
	{name: "streaming min executors", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_MIN_EXECUTORS", key: "spark.streaming.dynamicAllocation.minExecutors", value: "1", version: "3.0+"},
	{name: "streaming max executors", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_MAX_EXECUTORS", key: "spark.streaming.dynamicAllocation.maxExecutors", value: "20", version: "3.0+"},
	{name: "streaming scaling interval", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_SCALING_INTERVAL", key: "spark.streaming.dynamicAllocation.scalingInterval", value: "1min", version: "3.0+"},
	{name: "streaming scaling up", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_SCALING_UP_RATIO", key: "spark.streaming.dynamicAllocation.scalingUpRatio", value: "0.9", version: "3.0+"},
	{name: "streaming scaling down", spark: "Streaming.scala STREAMING_DYN_ALLOCATION_SCALING_DOWN_RATIO", key: "spark.streaming.dynamicAllocation.scalingDownRatio", value: "0.3", version: "3.0+"},
	{name: "API mode from 4.1", spark: "package.scala SPARK_API_MODE", key: "spark.api.mode", value: "remote", version: "4.1+",
		want: `invalid value "remote": must be one of classic, connect (Spark 4.1.0+)`},
	{name: "API mode in 4.0", spark: "SPARK-50605", key: "spark.api.mode", value: "remote", version: "4.0.1"},
	{name: "API mode any case", spark: "package.scala SPARK_API_MODE transform(toLowerCase)", key: "spark.api.mode", value: "Connect", version: "4.1+"},
	{name: "python idle timeout in seconds", spark: "Python.scala PYTHON_WORKER_IDLE_TIMEOUT_SECONDS", key: "spark.python.worker.idleTimeoutSeconds", value: "60", version: "4.0+"},
}

// TestCoreRuntimeRules runs coreRuntimeCases.
func TestCoreRuntimeRules(t *testing.T) {
	runValueCases(t, coreRuntimeCases)
}

// TestCoreDataRules runs coreDataCases.
func TestCoreDataRules(t *testing.T) {
	runValueCases(t, coreDataCases)
}

// coreDeprecatedCases are rules on the old names of renamed keys, which
// also draw a deprecation warning.
var coreDeprecatedCases = []valueCase{
	{name: "blacklist unschedulable timeout negative", spark: "package.scala UNSCHEDULABLE_TASKSET_TIMEOUT (3.0 name, then alternative)",
		key: "spark.scheduler.blacklist.unschedulableTaskSetTimeout", value: "-1s", version: "3.0..4.0",
		want: `invalid value "-1s": The value should be a non negative time value.`},
	{name: "blacklist unschedulable timeout", spark: "package.scala UNSCHEDULABLE_TASKSET_TIMEOUT (3.0 name, then alternative)",
		key: "spark.scheduler.blacklist.unschedulableTaskSetTimeout", value: "2min", version: "3.0..4.0"},
	{name: "heartbeat timeout, old name", spark: "package.scala STORAGE_BLOCKMANAGER_HEARTBEAT_TIMEOUT withAlternative",
		key: "spark.storage.blockManagerSlaveTimeoutMs", value: "soon", version: "3.0+",
		want: `invalid duration "soon": expected a whole number with an optional unit suffix; use a whole number with us, ms, s, m, min, h or d (e.g. 50s, 100ms)`},
	{name: "blacklist attempts per executor, old name", spark: "package.scala MAX_TASK_ATTEMPTS_PER_EXECUTOR withAlternative",
		key: "spark.blacklist.task.maxTaskAttemptsPerExecutor", value: "1.5", version: "3.0..4.0", want: `invalid int "1.5"`},
}

// TestCoreDeprecatedNames checks that an old name is parsed and checked as
// the key it stands for, with a warning naming the new one.
func TestCoreDeprecatedNames(t *testing.T) {
	for _, tt := range coreDeprecatedCases {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, tt.key+"="+tt.value+"\n", tt.version)
			var errs, warns int
			for _, p := range got {
				switch {
				case p.Severity == Error && p.Message == tt.want:
					errs++
				case p.Severity == Warning && strings.HasPrefix(p.Message, "deprecated: use "):
					warns++
				default:
					t.Errorf("unexpected %v", p)
				}
			}
			wantErrs := 1
			if tt.want == "" {
				wantErrs = 0
			}
			if errs != wantErrs || warns != 1 {
				t.Errorf("%s=%s (%s): %v, want the error %q and a deprecation warning", tt.key, tt.value, tt.spark, got, tt.want)
			}
		})
	}
}

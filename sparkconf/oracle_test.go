package sparkconf

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

// propsDumpSource is the Java oracle: test/javaprops/PropsDump.java.
var propsDumpSource = filepath.Join("..", "test", "javaprops", "PropsDump.java")

// javaOracle is one long-running `java PropsDump` reading inputs over
// stdin, so that a fuzz run pays for a JVM once, not per input.
type javaOracle struct {
	mu    sync.Mutex
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
	dir   string
}

// javaResult is what Properties.load made of one input.
type javaResult struct {
	// exception is the class and message Java threw, or "".
	exception string
	// props are the pairs loaded (before the exception, if any).
	props map[string]string
	// lone says a key or value holds a lone UTF-16 surrogate, which props
	// shows as U+FFFD.
	lone bool
}

var (
	oracleOnce sync.Once
	oracle     *javaOracle
	oracleErr  error
)

// errNoJava means java or javac is not installed; only then, and only
// outside CI (CI set), do the differential tests skip.
var errNoJava = errors.New("java and javac are needed for the differential test against the JDK")

// getOracle compiles and starts the shared oracle on first use.
func getOracle() (*javaOracle, error) {
	oracleOnce.Do(func() { oracle, oracleErr = startOracle() })
	return oracle, oracleErr
}

func startOracle() (*javaOracle, error) {
	javac, errC := exec.LookPath("javac")
	java, errJ := exec.LookPath("java")
	if errC != nil || errJ != nil {
		if os.Getenv("CI") != "" {
			// Not errNoJava: CI must compare with the JDK, not skip.
			return nil, fmt.Errorf("CI is set: %v", errNoJava)
		}
		return nil, errNoJava
	}
	dir, err := os.MkdirTemp("", "propsdump-")
	if err != nil {
		return nil, err
	}
	if out, err := exec.Command(javac, "-d", dir, propsDumpSource).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("javac %s: %w\n%s", propsDumpSource, err, out)
	}
	cmd := exec.Command(java, "-cp", dir, "PropsDump")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting java: %w", err)
	}
	return &javaOracle{cmd: cmd, stdin: stdin, out: bufio.NewReaderSize(stdout, 1<<16), dir: dir}, nil
}

// close stops the JVM and removes its classes.
func (o *javaOracle) close() {
	o.stdin.Close()
	o.cmd.Wait()
	os.RemoveAll(o.dir)
}

// load asks Java to load data.
func (o *javaOracle) load(data []byte) (javaResult, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	if _, err := o.stdin.Write(append(n[:], data...)); err != nil {
		return javaResult{}, fmt.Errorf("writing to java: %w", err)
	}
	line, err := o.out.ReadString('\n')
	if err != nil {
		return javaResult{}, fmt.Errorf("reading from java: %w", err)
	}
	return parseOracleLine(strings.TrimSuffix(line, "\n"))
}

// parseOracleLine decodes PropsDump's "STATUS MESSAGE KEY:VALUE…" line.
func parseOracleLine(line string) (javaResult, error) {
	fields := strings.Split(line, " ")
	if len(fields) < 2 || (fields[0] != "OK" && fields[0] != "ERR") {
		return javaResult{}, fmt.Errorf("unexpected oracle output %q", line)
	}
	msg, _, err := decodeUTF16Hex(fields[1])
	if err != nil {
		return javaResult{}, err
	}
	res := javaResult{exception: msg, props: map[string]string{}}
	for _, f := range fields[2:] {
		hk, hv, _ := strings.Cut(f, ":")
		k, loneK, err1 := decodeUTF16Hex(hk)
		v, loneV, err2 := decodeUTF16Hex(hv)
		if err := errors.Join(err1, err2); err != nil {
			return javaResult{}, err
		}
		res.props[k] = v
		res.lone = res.lone || loneK || loneV
	}
	return res, nil
}

// decodeUTF16Hex turns PropsDump's hex-encoded UTF-16 into a Go string,
// lone surrogates as U+FFFD, as in the Go parser, and says whether there
// were any.
func decodeUTF16Hex(s string) (string, bool, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b)%2 != 0 {
		return "", false, fmt.Errorf("bad oracle hex %q", s)
	}
	units := make([]uint16, len(b)/2)
	lone := false
	for i := range units {
		units[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		switch {
		case !utf16.IsSurrogate(u):
		case u < 0xDC00 && i+1 < len(units) && rune(units[i+1]) >= 0xDC00 && utf16.IsSurrogate(rune(units[i+1])):
			i++ // a pair
		default:
			lone = true
		}
	}
	return string(utf16.Decode(units)), lone, nil
}

// TestMain stops the shared oracle after the tests, fuzzing workers
// included.
func TestMain(m *testing.M) {
	code := m.Run()
	if oracle != nil {
		oracle.close()
	}
	os.Exit(code)
}

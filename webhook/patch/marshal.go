package patch

import (
	"bytes"
	"encoding/json"
	"sync"
	"unicode/utf8"

	"gomodules.xyz/jsonpatch/v2"
)

// Marshal encodes ops as json.Marshal does, byte for byte, in one pass:
// json.Marshal calls each operation's MarshalJSON, which encodes it with a
// second json.Marshal, and then re-reads (compacts) what that returned —
// on a Spark Pod's patch that took as long as encoding the whole Pod.
func Marshal(ops []jsonpatch.Operation) ([]byte, error) {
	if ops == nil {
		return []byte("null"), nil
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		buffers.Put(buf)
	}()
	enc := json.NewEncoder(buf)
	buf.WriteByte('[')
	for i := range ops {
		op := &ops[i]
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"op":`)
		if err := writeString(buf, enc, op.Operation); err != nil {
			return nil, err
		}
		buf.WriteString(`,"path":`)
		if err := writeString(buf, enc, op.Path); err != nil {
			return nil, err
		}
		if op.Value != nil || op.Operation == "add" || op.Operation == "replace" {
			buf.WriteString(`,"value":`)
			if err := enc.Encode(op.Value); err != nil {
				return nil, err
			}
			buf.Truncate(buf.Len() - 1) // Encode's newline
		}
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
	return bytes.Clone(buf.Bytes()), nil
}

// buffers are Marshal's scratch space: the patch is built there and copied
// out at its size, so a request allocates the patch once.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeString writes s as a JSON string: as is when json.Marshal would not
// escape any of it, else through the encoder.
func writeString(buf *bytes.Buffer, enc *json.Encoder, s string) error {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			if err := enc.Encode(s); err != nil {
				return err
			}
			buf.Truncate(buf.Len() - 1)
			return nil
		}
	}
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
	return nil
}

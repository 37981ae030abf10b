/*
 * PropsDump is the oracle of sparkhook's spark.properties parser
 * (sparkconf): it reads input exactly as Spark's
 * Utils.getPropertiesFromFile does — java.util.Properties.load over an
 * InputStreamReader decoding UTF-8 — and prints what Java made of it, so
 * that a Go test can compare.
 *
 * Input is a stream of frames on standard input, each a 4-byte big-endian
 * length followed by that many bytes; with file arguments, each file is one
 * frame instead. For every frame it prints one line:
 *
 *   STATUS SP MESSAGE (SP KEY ":" VALUE)*
 *
 * STATUS is OK, or ERR when load threw; MESSAGE is the exception's class
 * and message (empty for OK); the pairs are what the Properties object
 * holds afterwards (for ERR: what load had put before it threw), sorted by
 * key. MESSAGE, KEY and VALUE are hex-encoded UTF-16 code units, four hex
 * digits each, so that no character — newline, space, lone surrogate — is
 * ambiguous.
 */
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

public final class PropsDump {
  private PropsDump() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    if (args.length > 0) {
      for (String path : args) {
        out.println(dump(Files.readAllBytes(Paths.get(path))));
      }
      out.flush();
      return;
    }
    DataInputStream in = new DataInputStream(System.in);
    while (true) {
      int n;
      try {
        n = in.readInt();
      } catch (EOFException e) {
        break;
      }
      byte[] frame = new byte[n];
      in.readFully(frame);
      out.println(dump(frame));
      out.flush();
    }
  }

  static String dump(byte[] data) {
    Properties props = new Properties();
    String status = "OK";
    String message = "";
    try {
      props.load(new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.UTF_8));
    } catch (Exception e) {
      status = "ERR";
      message = e.getClass().getName() + ": " + e.getMessage();
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<Object, Object> e : props.entrySet()) {
      sorted.put((String) e.getKey(), (String) e.getValue());
    }
    StringBuilder sb = new StringBuilder(status).append(' ').append(hex(message));
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      sb.append(' ').append(hex(e.getKey())).append(':').append(hex(e.getValue()));
    }
    return sb.toString();
  }

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  static String hex(String s) {
    StringBuilder sb = new StringBuilder(s.length() * 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(DIGITS[c >> 12]).append(DIGITS[(c >> 8) & 0xf])
          .append(DIGITS[(c >> 4) & 0xf]).append(DIGITS[c & 0xf]);
    }
    return sb.toString();
  }
}

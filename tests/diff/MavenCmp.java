// SPDX-License-Identifier: Apache-2.0
//
// Oracle for tests/diff/diff_maven.py: reads "A<TAB>B" lines and prints
// <, = or > as Maven's ComparableVersion orders A against B.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenCmp {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;

        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            int c = new ComparableVersion(line.substring(0, tab))
                .compareTo(new ComparableVersion(line.substring(tab + 1)));

            out.append(c < 0 ? "<" : c > 0 ? ">" : "=").append('\n');
        }
        System.out.print(out);
    }
}

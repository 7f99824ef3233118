// EpubCheckMany.java: epubcheck on several books in one Java start (one
// start costs about two seconds; each further book well under one).  Run by
// tests/check-epub.sh as
//     java -cp /usr/share/java/epubcheck.jar tests/EpubCheckMany.java A.epub ...
// It prints epubcheck's messages and one line per book, and exits 1 when any
// book has a fatal error, an error or a warning.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckMany {
	public static void main(String[] args) {
		int bad = 0;
		for (String a : args) {
			DefaultReportImpl r = new DefaultReportImpl(a);
			new EpubCheck(new File(a), r).validate();
			int n = r.getFatalErrorCount() + r.getErrorCount() + r.getWarningCount();
			System.out.println(a + ": " + r.getFatalErrorCount() + " fatals, " + r.getErrorCount() + " errors, " + r.getWarningCount() + " warnings");
			if (n != 0) bad++;
		}
		System.exit(bad == 0 ? 0 : 1);
	}
}

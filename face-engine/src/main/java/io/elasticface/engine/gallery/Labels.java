package io.elasticface.engine.gallery;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A labels file: CSV with the columns {@code Image} (a photo's file name without extension) and
 * {@code Results} (who is in it), as the course ships it and as spreadsheets save it: quoted fields,
 * a UTF-8 byte-order mark, CRLF line ends and empty lines are all read; other columns are ignored.
 */
public final class Labels {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();

    private Labels() {
    }

    /** Image → name, in file order; an IOException names the file and the line of a broken row. */
    public static Map<String, String> read(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            var parser = FORMAT.parse(reader);
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || !header.containsKey("Image") || !header.containsKey("Results")) {
                throw new IOException(csv + " needs the columns Image and Results, has "
                        + (header == null ? "none" : header.keySet()));
            }
            Map<String, String> labels = new LinkedHashMap<>();
            try {
                for (CSVRecord row : parser) {
                    if (!row.isSet("Image") || !row.isSet("Results")) {
                        throw new IOException(csv + " line " + parser.getCurrentLineNumber() + ": needs an Image "
                                + "and a Results cell, has " + row.toList());
                    }
                    if (!row.get("Image").isEmpty()) {
                        labels.put(row.get("Image"), row.get("Results"));
                    }
                }
            } catch (UncheckedIOException e) {
                // commons-csv reports a malformed row (an unclosed quote) this way while iterating
                throw new IOException(csv + " line " + parser.getCurrentLineNumber() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            return labels;
        }
    }
}

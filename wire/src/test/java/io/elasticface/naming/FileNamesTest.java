package io.elasticface.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "test_000.jpg        | test_000.jpg",
            "../../etc/passwd    | passwd",
            "C:\\photos\\me.png  | me.png",
            "a b;c'd.jpg         | a_b_c_d.jpg",
            "..hidden.jpg        | hidden.jpg",
            "photo\u00e9.jpg     | photo_.jpg",
            "''                  | upload",
    })
    void sanitizeKeepsOnlySafeCharacters(String original, String expected) {
        assertThat(FileNames.sanitize(original)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"test_000.jpg,test_000", "archive.tar.gz,archive.tar", "noext,noext", ".jpg,.jpg"})
    void stemDropsTheLastExtension(String name, String stem) {
        assertThat(FileNames.stem(name)).isEqualTo(stem);
    }
}

package io.elasticface.web.form;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.web.multipart.MultipartFile;

/** A form's file part as Spring's {@link MultipartFile}: a view of the body in memory. */
final class PartFile implements MultipartFile {

    private final FormPart part;

    PartFile(FormPart part) {
        this.part = part;
    }

    @Override
    public String getName() {
        return part.name();
    }

    @Override
    public String getOriginalFilename() {
        return part.fileName();
    }

    @Override
    public String getContentType() {
        return part.contentType();
    }

    @Override
    public boolean isEmpty() {
        return part.length() == 0;
    }

    @Override
    public long getSize() {
        return part.length();
    }

    @Override
    public byte[] getBytes() {
        return part.bytes();
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(part.body(), part.offset(), part.length());
    }

    @Override
    public void transferTo(File dest) throws IOException {
        transferTo(dest.toPath());
    }

    @Override
    public void transferTo(Path dest) throws IOException {
        try (var out = Files.newOutputStream(dest)) {
            out.write(part.body(), part.offset(), part.length());
        }
    }
}

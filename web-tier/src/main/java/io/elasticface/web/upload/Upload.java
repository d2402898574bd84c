package io.elasticface.web.upload;

import io.elasticface.image.ImageHeader;

/** An upload that passed validation: its bytes, safe file name and what its header says. */
public record Upload(byte[] bytes, String fileName, ImageHeader header) {
}

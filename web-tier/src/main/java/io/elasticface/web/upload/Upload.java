package io.elasticface.web.upload;

import io.elasticface.common.image.ImageHeader;

/** An upload that passed validation: its bytes, safe file name and what its header says. */
public record Upload(byte[] bytes, String fileName, ImageHeader header) {
}

package io.elasticface.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.elasticface.engine.TorchScript.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-made TorchScript archive loads in libtorch, and its methods run with tensor-list arguments. */
class TorchScriptTest {

    private static final String CODE = """
            class Affine(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Affine, x: Tensor, p: List[Tensor]) -> Tensor:
                return torch.add(torch.mul(x, p[0]), p[1])
              def twice(self: __torch__.Affine, x: Tensor) -> Tensor:
                return torch.prelu(x, torch.mul(torch.ones([1]), 2.))
            """;

    @Test
    void compilesAndRunsEveryMethod() {
        try (NDManager manager = Torch.newManager();
             TorchScript script = TorchScript.compile(manager, "Affine", CODE)) {
            NDArray x = manager.create(new float[] {1, -2, 3}, new Shape(3));
            NDArray scale = manager.create(new float[] {2, 2, 2}, new Shape(3));
            NDArray shift = manager.create(new float[] {0.5f, 0.5f, 0.5f}, new Shape(3));
            try (Value in = TorchScript.tensor(x);
                 Value params = TorchScript.tensors(List.of(scale, shift));
                 Value affine = script.run("forward", in, params);
                 Value prelu = script.run("twice", in)) {
                assertThat(affine.toArray(manager).toFloatArray()).containsExactly(2.5f, -3.5f, 6.5f);
                assertThat(prelu.toArray(manager).toFloatArray()).containsExactly(1f, -4f, 3f);
            }
        }
    }

    @Test
    void codeThatDoesNotCompileFailsAtLoadWithLibtorchsMessage() {
        try (NDManager manager = Torch.newManager()) {
            assertThatThrownBy(() -> TorchScript.compile(manager, "Affine", CODE.replace("torch.mul", "torch.mull")))
                    .isInstanceOf(EngineException.class).hasMessageContaining("mull");
        }
    }

    @Test
    void aMissingResourceIsNamed() {
        try (NDManager manager = Torch.newManager()) {
            assertThatThrownBy(() -> TorchScript.load(manager, TorchScriptTest.class, "Absent", "absent.torchscript"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("absent.torchscript");
        }
    }
}

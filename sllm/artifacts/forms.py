import json

from django import forms

CLAIMS_EXAMPLE = (
    '{"global_sparsity": 0.5, "tolerance": 0.005, '
    '"tensors": {"model.layers.*.mlp.*.weight": {"pattern": "2:4", "dim": -1}}}'
)
SPEC_EXAMPLE = (
    '{"name": "MLP", "dtypes": ["bf16"], "variants": ["2:4"], "layers": [{"name": "mlp.up_proj", '
    '"out_features": 11008, "in_features": 4096}], "tokens": [1, 8192], "claims": [{"layer": "mlp.up_proj", '
    '"tokens": 8192, "variant": "2:4", "dtype": "bf16", "speedup": 1.5, "gpu": "H100"}]}'
)


class JSONTextField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            raise forms.ValidationError(f"This is not JSON: {exc}.") from None

    def prepare_value(self, value):
        return value if isinstance(value, str) else (json.dumps(value, indent=1) if value is not None else "")


class ArtifactDetailsForm(forms.Form):
    code_url = forms.URLField(
        label="Code repository",
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://github.com/you/sparse-kernels"}),
    )
    code_commit = forms.CharField(
        label="Commit",
        required=False,
        max_length=40,
        help_text="The git hash the results come from (7 to 40 hex digits).",
    )
    claims = JSONTextField(
        label="Sparsity claims (JSON)",
        required=False,
        help_text=f"Global or per tensor (names or globs); leave empty to claim nothing. Example: {CLAIMS_EXAMPLE}",
    )
    benchmark_spec = JSONTextField(
        label="Kernel-benchmark spec (JSON)",
        required=False,
        help_text=f"Layer shapes, token counts, variants and your speedup claims. Example: {SPEC_EXAMPLE}",
    )


class CheckpointForm(forms.Form):
    file = forms.FileField(
        label="Sparse checkpoint (.safetensors)",
        help_text="Safetensors only: pickle-based .pt/.bin files are refused, since loading "
        "them runs code. Large files are fine; if an upload breaks, start it again.",
        widget=forms.ClearableFileInput(attrs={"accept": ".safetensors"}),
    )

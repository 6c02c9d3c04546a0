"""The eight topics of the workshop, as its call for papers names them (plain data, no Django)."""

TOPICS = [
    "Mixture of Experts (MoEs) and Modularity",
    "Parameter Sparsity/Pruning",
    "Interaction with Quantization and Distillation",
    "Activation Sparsity for Inference",
    "Sparsity in Attention",
    "Sparsity for Interpretability",
    "Hardware Innovation for Sparsity",
    "Parameter Efficient Fine Tuning",
]

"""Where a converted Doc keeps its BRAT data: the gold span group and the lossless record."""

# doc.user_data key of the BRAT record (`BratDocument.to_dict(include_text=False)`).
BRAT_KEY = "clinx_brat"
# doc.spans key of every gold span.
GOLD_KEY = "gold"
# Which gold spans go to doc.ents where they overlap: the longest (the outermost of nested
# spans) or the shortest (the innermost).
ENTS_POLICIES = ("outermost", "innermost")

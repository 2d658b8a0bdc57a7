from .model_config import load_model_config
from .recording import FeatureTaps, check_module_names, record_calls

__all__ = [
    'load_model_config', 'FeatureTaps', 'check_module_names', 'record_calls'
]

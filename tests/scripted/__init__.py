"""The scripted OpenAI-compatible server used to test the llm engine and to record cassettes."""

from .server import SCENARIOS, UDS_BASE_URL, ScriptedServer, SeenRequest

__all__ = ["SCENARIOS", "UDS_BASE_URL", "ScriptedServer", "SeenRequest"]

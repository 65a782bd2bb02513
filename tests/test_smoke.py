import tractus

def test_core_imports():
    assert tractus.__doc__

"""GraphQL operations of the accounts pages (users subgraph via the router)."""

VIEWER_FIELDS = "id username displayName timeZone"

REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) { id username }
}
"""

LOGIN = f"""
mutation Login($username: String!, $password: String!) {{
  login(username: $username, password: $password) {{
    token expiresAt refreshToken user {{ {VIEWER_FIELDS} }}
  }}
}}
"""

ME = f"query Me {{ me {{ {VIEWER_FIELDS} email }} }}"

UPDATE_PROFILE = f"""
mutation UpdateProfile($input: UpdateProfileInput!) {{
  updateProfile(input: $input) {{ {VIEWER_FIELDS} }}
}}
"""

LOGOUT = "mutation Logout { logout }"

LOGOUT_EVERYWHERE = "mutation LogoutEverywhere { logoutEverywhere }"

DELETE_ACCOUNT = """
mutation DeleteAccount($password: String!) { deleteAccount(password: $password) }
"""

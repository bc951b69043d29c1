"""Every GraphQL document meetingkit sends to GitHub, in one place.

The tests validate each of them against GitHub's published schema and check that the
emulator never receives another one. Discussions are listed, never searched: search lags.
"""

from __future__ import annotations

_AUTHOR = "author { __typename login }"
_COMMENT = f"id databaseId body url createdAt updatedAt {_AUTHOR}"
_DISCUSSION = (
    f"id number title body url closed stateReason createdAt updatedAt closedAt {_AUTHOR} "
    "labels(first: 50) { nodes { name } } comments { totalCount }"
)

REPOSITORY = """
query Repository($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    id
    discussionCategories(first: 100) { nodes { id name } }
  }
}
"""

DISCUSSIONS = f"""
query Discussions($owner: String!, $name: String!, $category: ID!, $after: String) {{
  repository(owner: $owner, name: $name) {{
    discussions(first: 100, after: $after, categoryId: $category,
                orderBy: {{field: CREATED_AT, direction: ASC}}) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ {_DISCUSSION} }}
    }}
  }}
}}
"""

COMMENTS = f"""
query Comments($owner: String!, $name: String!, $number: Int!, $after: String) {{
  repository(owner: $owner, name: $name) {{
    discussion(number: $number) {{
      id
      comments(first: 100, after: $after) {{
        pageInfo {{ hasNextPage endCursor }}
        nodes {{
          {_COMMENT}
          replies(first: 100) {{
            pageInfo {{ hasNextPage endCursor }}
            nodes {{ {_COMMENT} }}
          }}
        }}
      }}
    }}
  }}
}}
"""

REPLIES = f"""
query Replies($id: ID!, $after: String) {{
  node(id: $id) {{
    ... on DiscussionComment {{
      replies(first: 100, after: $after) {{
        pageInfo {{ hasNextPage endCursor }}
        nodes {{ {_COMMENT} }}
      }}
    }}
  }}
}}
"""

LABEL = """
query Label($owner: String!, $name: String!, $label: String!) {
  repository(owner: $owner, name: $name) { label(name: $label) { id } }
}
"""

CREATE_DISCUSSION = f"""
mutation CreateDiscussion($input: CreateDiscussionInput!) {{
  createDiscussion(input: $input) {{ discussion {{ {_DISCUSSION} }} }}
}}
"""

ADD_COMMENT = f"""
mutation AddComment($input: AddDiscussionCommentInput!) {{
  addDiscussionComment(input: $input) {{ comment {{ {_COMMENT} }} }}
}}
"""

ADD_LABELS = """
mutation AddLabels($input: AddLabelsToLabelableInput!) {
  addLabelsToLabelable(input: $input) { clientMutationId }
}
"""

CLOSE_DISCUSSION = f"""
mutation CloseDiscussion($input: CloseDiscussionInput!) {{
  closeDiscussion(input: $input) {{ discussion {{ {_DISCUSSION} }} }}
}}
"""

DOCUMENTS = (
    REPOSITORY,
    DISCUSSIONS,
    COMMENTS,
    REPLIES,
    LABEL,
    CREATE_DISCUSSION,
    ADD_COMMENT,
    ADD_LABELS,
    CLOSE_DISCUSSION,
)
